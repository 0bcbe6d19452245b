-- Batch of the quarantine suite (expectations/quarantine.json): one row per quarantined
-- record; the record itself stays in DuckDB. Facts:
--   has_record      the record is kept (not NULL)
--   has_raw_record  a raw record exists at (quarter, record_seq): the row is traceable
with

quarantine as (
    select
        quarter,
        record_seq,
        safetyreportid,
        reason_code,
        reason,
        record
    from main.quarantine
),

raw_records as (
    select
        quarter,
        record_seq
    from raw.raw_records
),

final as (
    select
        quarantine.quarter,
        quarantine.record_seq,
        quarantine.safetyreportid,
        quarantine.reason_code,
        quarantine.reason,
        quarantine.record is not null as has_record,
        exists (
            select 1
            from raw_records
            where raw_records.quarter = quarantine.quarter
              and raw_records.record_seq = quarantine.record_seq
        ) as has_raw_record
    from quarantine
)

select
    quarter,
    record_seq,
    safetyreportid,
    reason_code,
    reason,
    has_record,
    has_raw_record
from final
