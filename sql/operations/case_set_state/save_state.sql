-- The case set's private state (schema increment; ketamine_faers/case_set_state.py), kept by
-- the full build from its intermediate tables (staging.int_files_*) before the staging
-- catalog is detached: what adding a later quarter reads instead of the earlier quarters.
-- Not for analysis: the published tables are those of schema main.
create schema if not exists increment;

create or replace table increment.build as
select
    $format as format,
    $digest as code_digest;

create or replace table increment.quarters (
    quarter varchar,
    zip_name varchar,
    sha256 varchar,
    landed_at timestamp
);

create or replace table increment.versions as
from staging.int_files_version_fates;

create or replace table increment.deleted_listings as
from staging.int_files_deleted_listings;

create or replace table increment.quarter_rows as
from staging.int_files_quarter_rows;

create or replace table increment.case_keys as
from staging.int_files_case_keys;

create or replace table increment.match_keys as
from staging.int_files_key_hashes;

comment on table increment.build is
    'Private (incremental add): the state''s format and a digest of the code that built the case set; other code rebuilds it.';
comment on table increment.quarters is
    'Private (incremental add): the landed quarters the case set holds, as the landing''s landed_zips named them when they were read.';
comment on table increment.versions is
    'Private (incremental add): every report version (distinct DEMO row) with its fate, as staging.int_files_version_fates.';
comment on table increment.deleted_listings is
    'Private (incremental add): (caseid, quarter) of every deleted-case list, as staging.int_files_deleted_listings.';
comment on table increment.quarter_rows is
    'Private (incremental add): landed rows per quarter and table, as staging.int_files_quarter_rows (main.funnel''s first columns).';
comment on table increment.case_keys is
    'Private (incremental add): the duplicate-matching fields of every kept case, as staging.int_files_case_keys.';
comment on table increment.match_keys is
    'Private (incremental add): (caseid, key_hash) of every key a kept case is matched on, as staging.int_files_key_hashes.';
