-- staging.int_files_key_hashes: (caseid, key_hash) of every key every kept case is matched on
-- (int_files_match_keys), made once: int_files_linkable_case_keys finds the keys two cases
-- share from it, and the case set keeps it as its private state (increment.match_keys), so the
-- incremental add finds every case that shares a key with a case a new quarter touched
-- (ketamine_faers/case_set_increment.py). Grain: (caseid, key_hash).
create or replace table staging.int_files_key_hashes as
select
    caseid,
    key_hash
from staging.int_files_match_keys;
