-- staging.int_files_match_keys: the keys every kept case is matched on as probable duplicates,
-- one row per case and key (rules: sql/macros/faers_files_match_keys.sql). A view on
-- int_files_case_keys: int_files_key_hashes keeps its (caseid, key_hash), and the incremental
-- add reads it for the cases a new quarter touched (ketamine_faers/case_set_increment.py).
-- depends_on: int_files_case_keys
-- (files_match_keys takes the relation by name, in a string the run order cannot read)
create or replace view staging.int_files_match_keys as
select * from staging.files_match_keys('staging.int_files_case_keys');
