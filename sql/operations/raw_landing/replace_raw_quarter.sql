-- Atomic replacement of one quarter (run inside a transaction by
-- ketamine_faers/sources/openfda/landing.py):
-- $1 quarter, $2 fetched_at, $3 source_last_updated.
delete from raw_records where quarter = $1;
insert into raw_records (quarter, record_seq, safetyreportid, record, fetched_at, source_last_updated)
select
    $1,
    record_seq,
    safetyreportid,
    record,
    $2,
    $3
from incoming_records
order by record_seq;
