-- The downloads manifest (work/files/downloads.json: a JSON array, or one object per line,
-- of {quarter, url, file_name, shown_size, bytes, sha256, downloaded_at}) as the build-only
-- table faers_files.quarters reads. downloaded_at is an ISO 8601 time, stored in UTC.
create or replace table staging.files_downloads_manifest as
select
    quarter,
    url,
    file_name,
    shown_size,
    bytes,
    sha256,
    timezone('UTC', downloaded_at) as downloaded_at
from read_json(
    $manifest_path,
    format = 'auto',
    columns = {
        'quarter': 'VARCHAR',
        'url': 'VARCHAR',
        'file_name': 'VARCHAR',
        'shown_size': 'VARCHAR',
        'bytes': 'BIGINT',
        'sha256': 'VARCHAR',
        'downloaded_at': 'TIMESTAMPTZ'
    }
)
qualify row_number() over (partition by quarter order by downloaded_at desc) = 1;
