-- The downloads manifest (work/files/downloads.json, written by
-- ketamine_faers/sources/faers_files/manifest.py: {"version": 1, "quarters": {"2022Q4":
-- {url, file_name, shown_size, bytes, sha256, downloaded_at}, ...}}) as the build-only table
-- faers_files.quarters reads. downloaded_at is an ISO 8601 time, stored in UTC.
create or replace table staging.files_downloads_manifest as
with

document as (
    select quarters
    from read_json($manifest_path, columns = {'version': 'INTEGER', 'quarters': 'JSON'})
),

quarter_keys as (
    select
        unnest(json_keys(quarters)) as quarter,
        quarters
    from document
),

entries as (
    select
        quarter,
        json_extract(quarters, '$."' || quarter || '"') as entry
    from quarter_keys
),

final as (
    select
        quarter,
        entry ->> 'url' as url,
        entry ->> 'file_name' as file_name,
        entry ->> 'shown_size' as shown_size,
        try_cast(entry ->> 'bytes' as bigint) as bytes,
        entry ->> 'sha256' as sha256,
        timezone('UTC', try_cast(entry ->> 'downloaded_at' as timestamptz)) as downloaded_at
    from entries
)

select quarter, url, file_name, shown_size, bytes, sha256, downloaded_at
from final;
