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
--      country, i.e. at most ONE of the four missing or differing: cases sharing one of the
--      four leave-one-out keys of int_files_match_keys.
-- A pair found by both rules is kept once per rule; rule 1 is listed first in
-- main.cases.duplicate_rules. key_hash names the key a link came from: the links of one key
-- depend only on the cases that carry it, which is what lets the incremental add recompute
-- the links of the keys a new quarter touched and no others (ketamine_faers/case_set_increment.py).
-- The keys are those of the cases that share a key_hash with another
-- (int_files_linkable_case_keys): no other case can be linked.
-- depends_on: int_files_linkable_case_keys
-- (files_match_keys takes the relation by name, in a string the run order cannot read)
create or replace table staging.int_files_duplicate_links as

with

-- each rule reads the view on its own: one CTE read by both would be materialized whole
manufacturer_keys as (
    select *
    from staging.files_match_keys('staging.int_files_linkable_case_keys')
    where rule = 'manufacturer number'
),

manufacturer_groups as (
    select
        match_key,
        min(caseid) as anchor_caseid
    from manufacturer_keys
    group by match_key
    having count(*) > 1
        and not (bool_or(sex = 'F') and bool_or(sex = 'M'))
        and coalesce(max(age_years) - min(age_years), 0) <= 2
),

manufacturer_links as (
    select
        manufacturer_keys.caseid,
        manufacturer_groups.anchor_caseid as linked_caseid,
        'manufacturer number' as rule,
        null::varchar as tolerated_field,
        manufacturer_keys.key_hash
    from manufacturer_keys
    join manufacturer_groups
        on manufacturer_keys.match_key = manufacturer_groups.match_key
    where manufacturer_keys.caseid <> manufacturer_groups.anchor_caseid
),

key_groups as (
    select
        *,
        min(caseid) over (
            partition by tolerated_field, drug_set, reaction_set, match_key
        ) as anchor_caseid
    from staging.files_match_keys('staging.int_files_linkable_case_keys')
    where rule = 'case key'
),

key_links as (
    select
        caseid,
        anchor_caseid as linked_caseid,
        'case key' as rule,
        tolerated_field,
        key_hash
    from key_groups
    where caseid <> anchor_caseid
),

final as (
    select * from manufacturer_links
    union all
    select * from key_links
)

select * from final;
