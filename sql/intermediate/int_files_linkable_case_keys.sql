-- staging.int_files_linkable_case_keys: the rows of int_files_case_keys of the cases that can
-- be linked to another: those sharing a key_hash with another case (int_files_key_hashes).
-- Grain: caseid, as int_files_case_keys.
--
-- Why: a link needs two cases with the same key, and equal keys have equal hashes, so every
-- case of every group of two or more is here (with the whole of its group, which the
-- manufacturer rule's sex and age guards read), and int_files_duplicate_links forms its groups
-- on the keys themselves of these cases only. At FAERS's real size, grouping every case's
-- keys (lists of ingredients and terms) took 99 s; most cases share no key.
create or replace table staging.int_files_linkable_case_keys as

with

shared_hashes as (
    select key_hash
    from staging.int_files_key_hashes
    group by key_hash
    having count(*) > 1
),

linkable_cases as (
    select distinct key_hashes.caseid
    from staging.int_files_key_hashes as key_hashes
    semi join shared_hashes
        on key_hashes.key_hash = shared_hashes.key_hash
),

final as (
    select case_keys.*
    from staging.int_files_case_keys as case_keys
    semi join linkable_cases
        on case_keys.caseid = linkable_cases.caseid
)

select * from final;
