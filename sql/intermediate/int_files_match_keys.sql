-- staging.int_files_match_keys: the keys two kept cases are matched on as probable duplicates,
-- one row per case and key (docs/faers-files-dedup.md; notes §5.6). A view on
-- int_files_case_keys: int_files_duplicate_links groups the cases by it, and the case set
-- keeps (caseid, key_hash) in its private state (increment.match_keys), so the incremental
-- add finds every case that shares a key with a case a new quarter touched
-- (ketamine_faers/case_set_increment.py).
--
-- Rules:
--   'manufacturer number'   the manufacturer key (match_key; never NULL here), with the
--                           case's sex and age in years, which decide whether the key's
--                           group is linked at all (int_files_duplicate_links);
--   'case key'              four keys per case, each leaving one of event date, age, sex and
--                           country out (tolerated_field) and requiring the other three
--                           present: match_key joins them, with the drug set and the reaction
--                           set (both required, never empty). Two cases share one of the
--                           four exactly when at least three fields agree (sex and age_years
--                           are carried along, unused);
--   key_hash                DuckDB's 64-bit hash of (rule, tolerated_field, match_key,
--                           drug_set, reaction_set): equal keys have equal hashes. It only
--                           selects the cases to look at again; groups are always formed on
--                           the keys themselves.
create or replace view staging.int_files_match_keys as

with

keys as (
    select * from staging.int_files_case_keys
),

manufacturer_keys as (
    select
        caseid,
        'manufacturer number' as rule,
        null::varchar as tolerated_field,
        manufacturer_key as match_key,
        null::varchar[] as drug_set,
        null::varchar[] as reaction_set,
        sex,
        age_years
    from keys
    where manufacturer_key is not null
),

matchable as (
    select *
    from keys
    where drug_set is not null and reaction_set is not null
),

leave_one_out as (
    select caseid, 'event date' as tolerated_field, drug_set, reaction_set,
        concat_ws(' | ', age_key, sex, country_code) as partial_key, sex, age_years
    from matchable
    where age_key is not null and sex is not null and country_code is not null
    union all
    select caseid, 'age' as tolerated_field, drug_set, reaction_set,
        concat_ws(' | ', event_key, sex, country_code) as partial_key, sex, age_years
    from matchable
    where event_key is not null and sex is not null and country_code is not null
    union all
    select caseid, 'sex' as tolerated_field, drug_set, reaction_set,
        concat_ws(' | ', event_key, age_key, country_code) as partial_key, sex, age_years
    from matchable
    where event_key is not null and age_key is not null and country_code is not null
    union all
    select caseid, 'country' as tolerated_field, drug_set, reaction_set,
        concat_ws(' | ', event_key, age_key, sex) as partial_key, sex, age_years
    from matchable
    where event_key is not null and age_key is not null and sex is not null
),

case_keys as (
    select
        caseid,
        'case key' as rule,
        tolerated_field,
        partial_key as match_key,
        drug_set,
        reaction_set,
        sex,
        age_years
    from leave_one_out
),

all_keys as (
    select * from manufacturer_keys
    union all
    select * from case_keys
),

final as (
    select
        *,
        hash(rule, tolerated_field, match_key, drug_set, reaction_set) as key_hash
    from all_keys
)

select * from final;
