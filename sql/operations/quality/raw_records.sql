-- Batch of the raw_records suite (expectations/raw_records.json): one row per landed record,
-- its keys and shape. The record itself stays in DuckDB; only its JSON type crosses over.
with

raw_records as (
    select
        quarter,
        record_seq,
        safetyreportid,
        record,
        fetched_at
    from raw.raw_records
),

raw_fetches as (
    select quarter
    from raw.raw_fetches
),

final as (
    select
        raw_records.quarter,
        raw_records.record_seq,
        raw_records.safetyreportid,
        json_type(raw_records.record) as record_json_type,
        raw_records.fetched_at,
        raw_records.quarter in (select quarter from raw_fetches) as has_fetch
    from raw_records
)

select
    quarter,
    record_seq,
    safetyreportid,
    record_json_type,
    fetched_at,
    has_fetch
from final
