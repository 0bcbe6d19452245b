-- Per-connection staging for one quarter's fetch; swapped into raw_records only when the
-- whole quarter has arrived, so a failed fetch never touches the last good copy.
create or replace temp table incoming_records (
    record_seq     integer not null,
    safetyreportid varchar,
    record         json    not null
)
