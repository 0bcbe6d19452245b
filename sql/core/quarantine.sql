-- main.quarantine: every raw record that could not be cleaned, verbatim, with the reason.
-- Grain: one row per quarantined raw record; key (quarter, record_seq), the raw key.
--
-- Rules applied (decided in staging.int_record_fates, see its header for the full list and
-- order, and docs/cleaning-rules.md#quarantine): not a JSON object, duplicate keys,
-- missing or invalid safetyreportid, receivedate outside the fetched quarter, superseded by
-- a later version or fetch of the same safetyreportid, missing, invalid or future
-- receivedate, missing or malformed patient, patient.drug or patient.reaction, and no drug
-- entry naming ketamine or esketamine.
-- The verbatim records are fetched by rowid (staging.stg_openfda__reports.raw_rowid), so
-- only the quarantined records' JSON is read.
-- Rule "nothing lost": each raw record is in exactly one of main.reports (reason NULL) and
-- main.quarantine (reason set), so per quarter raw = reports + quarantine.
create or replace table main.quarantine as

with

fates as (
    select
        raw_rowid,
        quarter,
        record_seq,
        safetyreportid,
        reason_code,
        reason
    from staging.int_record_fates
    where reason is not null
),

raw_records as (
    select
        rowid as raw_rowid,
        record,
        fetched_at,
        source_last_updated
    from raw.raw_records
    where rowid in (select raw_rowid from staging.int_record_fates where reason is not null)
),

final as (
    select
        fates.quarter,
        fates.record_seq,
        fates.safetyreportid,
        fates.reason_code,
        fates.reason,
        raw_records.record,
        raw_records.fetched_at,
        raw_records.source_last_updated
    from fates
    inner join raw_records
        on fates.raw_rowid = raw_records.raw_rowid
)

select * from final;

comment on table main.quarantine is
    'One row per raw record (raw.raw_records) that could not be cleaned, kept verbatim with the reason. Per quarter, raw records = reports + quarantine. Rules: docs/cleaning-rules.md.';
comment on column main.quarantine.quarter is
    'Quarter of receivedate the record was fetched for, e.g. 2021Q1 (the raw partition).';
comment on column main.quarantine.record_seq is
    '1-based position of the record in its quarter''s fetch; with quarter, the key of raw.raw_records.';
comment on column main.quarantine.safetyreportid is
    'The record''s safetyreportid when it is a valid id; NULL when missing or invalid, or when the record carries safetyreportid twice (reason_code duplicate_keys).';
comment on column main.quarantine.reason_code is
    'Short code of the reason: not_an_object, duplicate_keys, missing_safetyreportid, invalid_safetyreportid, receivedate_outside_quarter, superseded, missing_receivedate, invalid_receivedate, future_receivedate, missing_patient, patient_not_object, missing_drug, drug_not_list, drug_element_not_object, reaction_not_list, reaction_element_not_object, no_target_drug.';
comment on column main.quarantine.reason is
    'Why the record was not cleaned, in words, with the offending value where there is one (e.g. ''receivedate not a valid date: 20231399'', ''superseded by version 3 of the same safetyreportid'').';
comment on column main.quarantine.record is
    'The record exactly as openFDA sent it (JSON).';
comment on column main.quarantine.fetched_at is
    'UTC time the quarter''s fetch started (from raw.raw_records).';
comment on column main.quarantine.source_last_updated is
    'openFDA meta.last_updated of the page the record came from.';
