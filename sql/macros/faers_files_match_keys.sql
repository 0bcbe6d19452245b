-- Macro of the case set: the keys two kept cases are matched on as probable duplicates, one
-- row per case and key (docs/faers-files-dedup.md; notes §5.6), of the cases of
-- case_keys_relation (a relation shaped like staging.int_files_case_keys, passed by name).
-- int_files_match_keys applies it to every kept case, int_files_duplicate_links to the cases
-- that share a key_hash with another (int_files_linkable_case_keys): one set of rules for both.
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
--   key_hash                DuckDB's 64-bit hash of (rule, tolerated_field, match_key, and a
--                           hash of the drug set and the reaction set, made once per case):
--                           equal keys have equal hashes. It only selects the cases to look
--                           at again; groups are always formed on the keys themselves.
create or replace macro staging.files_match_keys(case_keys_relation) as table

with

keys as (
    select * from query_table(case_keys_relation)
),

manufacturer_keys as (
    select
        caseid,
        'manufacturer number' as rule,
        null::varchar as tolerated_field,
        manufacturer_key as match_key,
        null::varchar[] as drug_set,
        null::varchar[] as reaction_set,
        null::ubigint as sets_hash,
        sex,
        age_years
    from keys
    where manufacturer_key is not null
),

matchable as (
    select
        *,
        hash(drug_set, reaction_set) as sets_hash
    from keys
    where drug_set is not null and reaction_set is not null
),

leave_one_out as (
    select caseid, 'event date' as tolerated_field, drug_set, reaction_set, sets_hash,
        concat_ws(' | ', age_key, sex, country_code) as partial_key, sex, age_years
    from matchable
    where age_key is not null and sex is not null and country_code is not null
    union all
    select caseid, 'age' as tolerated_field, drug_set, reaction_set, sets_hash,
        concat_ws(' | ', event_key, sex, country_code) as partial_key, sex, age_years
    from matchable
    where event_key is not null and sex is not null and country_code is not null
    union all
    select caseid, 'sex' as tolerated_field, drug_set, reaction_set, sets_hash,
        concat_ws(' | ', event_key, age_key, country_code) as partial_key, sex, age_years
    from matchable
    where event_key is not null and age_key is not null and country_code is not null
    union all
    select caseid, 'country' as tolerated_field, drug_set, reaction_set, sets_hash,
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
        sets_hash,
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
        * exclude (sets_hash),
        hash(rule, tolerated_field, match_key, sets_hash) as key_hash
    from all_keys
)

select * from final;
