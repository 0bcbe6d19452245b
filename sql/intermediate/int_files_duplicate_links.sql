-- staging.int_files_duplicate_links: pairs of different kept cases that are probably one
-- case reported twice (docs/faers-files-dedup.md; notes §5.6). Each link ties a case to the
-- lowest caseid of the group it matched in; int_files_duplicate_groups joins the links
-- transitively. Nothing is removed here or later: duplicates are flagged.
--
-- Rules, in order of precedence:
--   1. 'manufacturer number' (deterministic): the same manufacturer key (trimmed, upper-cased
--      mfr_num from the same trimmed, upper-cased mfr_sndr; never when either is empty).
--      The whole group is skipped when it holds both an 'F' and an 'M' case, or ages (in
--      years) more than 2 years apart: one number then names different patients.
--   2. 'case key' (probabilistic): the same drug set and the same reaction set (both
--      required, never empty) and agreement on at least three of event date, age, sex and
--      country, i.e. at most ONE of the four missing or differing. Computed as four keys,
--      each leaving one field out and requiring the other three present: two cases share a
--      key exactly when at least three fields agree.
-- A pair found by both rules is kept once per rule; rule 1 is listed first in
-- main.cases.duplicate_rules.
create or replace table staging.int_files_duplicate_links as

with

keys as (
    select * from staging.int_files_case_keys
),

manufacturer_groups as (
    select
        manufacturer_key,
        min(caseid) as anchor_caseid
    from keys
    where manufacturer_key is not null
    group by manufacturer_key
    having count(*) > 1
        and not (bool_or(sex = 'F') and bool_or(sex = 'M'))
        and coalesce(max(age_years) - min(age_years), 0) <= 2
),

manufacturer_links as (
    select
        keys.caseid,
        manufacturer_groups.anchor_caseid as linked_caseid,
        'manufacturer number' as rule,
        null::varchar as tolerated_field
    from keys
    join manufacturer_groups
        on keys.manufacturer_key = manufacturer_groups.manufacturer_key
    where keys.caseid <> manufacturer_groups.anchor_caseid
),

matchable as (
    select *
    from keys
    where drug_set is not null and reaction_set is not null
),

leave_one_out as (
    select caseid, 'event date' as tolerated_field, drug_set, reaction_set,
        concat_ws(' | ', age_key, sex, country_code) as partial_key
    from matchable
    where age_key is not null and sex is not null and country_code is not null
    union all
    select caseid, 'age' as tolerated_field, drug_set, reaction_set,
        concat_ws(' | ', event_key, sex, country_code) as partial_key
    from matchable
    where event_key is not null and sex is not null and country_code is not null
    union all
    select caseid, 'sex' as tolerated_field, drug_set, reaction_set,
        concat_ws(' | ', event_key, age_key, country_code) as partial_key
    from matchable
    where event_key is not null and age_key is not null and country_code is not null
    union all
    select caseid, 'country' as tolerated_field, drug_set, reaction_set,
        concat_ws(' | ', event_key, age_key, sex) as partial_key
    from matchable
    where event_key is not null and age_key is not null and sex is not null
),

key_groups as (
    select
        *,
        min(caseid) over (
            partition by tolerated_field, drug_set, reaction_set, partial_key
        ) as anchor_caseid
    from leave_one_out
),

key_links as (
    select
        caseid,
        anchor_caseid as linked_caseid,
        'case key' as rule,
        tolerated_field
    from key_groups
    where caseid <> anchor_caseid
),

final as (
    select * from manufacturer_links
    union all
    select * from key_links
)

select * from final;
