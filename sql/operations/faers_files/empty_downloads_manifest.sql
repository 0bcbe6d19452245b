-- No downloads manifest: the same build-only table, empty, so faers_files.quarters leaves
-- the download columns NULL.
create or replace table staging.files_downloads_manifest (
    quarter varchar,
    url varchar,
    file_name varchar,
    shown_size varchar,
    bytes bigint,
    sha256 varchar,
    downloaded_at timestamp
);
