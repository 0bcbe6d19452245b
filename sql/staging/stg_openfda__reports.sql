-- staging.stg_openfda__reports: one row per raw record, its report-level fields as text.
--
-- Source: raw.raw_records (the raw contract, sql/raw/create_raw_records.sql).
-- Staging only renames and extracts; every rule lives in sql/clean/ where a reader looks for
-- it. Each record is parsed once: json_extract with a list of paths returns each value as JSON
-- text, from which scalars are unquoted (->> '$') and the JSON type of the structures the
-- clean layer checks is read off the first character ('{' object, '[' array, '"' string...).
-- json_type runs on the whole record only where nothing could be extracted from it.
-- openFDA sends every scalar as a string; when a record sends a number instead, it arrives
-- here as its digits, and an object or list where a string belongs arrives as its JSON
-- text (the *_json_type columns say which). patient.drug and patient.reaction, when they are
-- JSON arrays, are kept as their JSON text (drug_json, reaction_json) for
-- stg_openfda__drugs and stg_openfda__reactions to unnest, so the raw record is read once.
--
-- raw_rowid is the record's rowid in raw.raw_records, valid for this build only (raw is
-- read-only during it): main.quarantine fetches the verbatim records of the few quarantined
-- rows by rowid instead of scanning every record's JSON again.
--
-- Staging lives in an in-memory database attached as `staging` for the build only: it is
-- never written to the published file, and it costs no disk writes.
attach if not exists ':memory:' as staging;

create or replace table staging.stg_openfda__reports as

with

raw_records as (
    select
        rowid as raw_rowid,
        quarter,
        record_seq,
        safetyreportid as raw_safetyreportid,
        record,
        fetched_at,
        source_last_updated
    from raw.raw_records
),

extracted as (
    select
        raw_rowid,
        quarter,
        record_seq,
        raw_safetyreportid,
        fetched_at,
        source_last_updated,
        record,
        json_extract(record, [
            '$.safetyreportid',                             -- 1
            '$.safetyreportversion',                        -- 2
            '$.receivedate',                                -- 3
            '$.receivedateformat',                          -- 4
            '$.receiptdate',                                -- 5
            '$.receiptdateformat',                          -- 6
            '$.serious',                                    -- 7
            '$.seriousnessdeath',                           -- 8
            '$.seriousnesslifethreatening',                 -- 9
            '$.seriousnesshospitalization',                 -- 10
            '$.seriousnessdisabling',                       -- 11
            '$.seriousnesscongenitalanomali',               -- 12
            '$.seriousnessother',                           -- 13
            '$.reporttype',                                 -- 14
            '$.companynumb',                                -- 15
            '$.occurcountry',                               -- 16
            '$.primarysourcecountry',                       -- 17
            '$.primarysource.reportercountry',              -- 18
            '$.primarysource.qualification',                -- 19
            '$.sender.senderorganization',                  -- 20
            '$.patient.patientonsetage',                    -- 21
            '$.patient.patientonsetageunit',                -- 22
            '$.patient.patientagegroup',                    -- 23
            '$.patient.patientsex',                         -- 24
            '$.patient.patientweight',                      -- 25
            '$.patient.summary.narrativeincludeclinical',   -- 26
            '$.patient.drug',                               -- 27
            '$.patient.reaction'                            -- 28
        ]) as v
    from raw_records
),

typed as (
    select
        *,
        case left(v[1], 1)
            when '{' then 'OBJECT' when '[' then 'ARRAY' when '"' then 'VARCHAR'
            when 'n' then 'NULL' when 't' then 'BOOLEAN' when 'f' then 'BOOLEAN'
        end as id_kind,
        case left(v[27], 1)
            when '{' then 'OBJECT' when '[' then 'ARRAY' when '"' then 'VARCHAR'
            when 'n' then 'NULL' when 't' then 'BOOLEAN' when 'f' then 'BOOLEAN'
        end as drug_kind,
        case left(v[28], 1)
            when '{' then 'OBJECT' when '[' then 'ARRAY' when '"' then 'VARCHAR'
            when 'n' then 'NULL' when 't' then 'BOOLEAN' when 'f' then 'BOOLEAN'
        end as reaction_kind
    from extracted
),

renamed as (
    select
        raw_rowid,
        quarter,
        record_seq,
        raw_safetyreportid,
        fetched_at,
        source_last_updated,
        case
            when v[1] is not null or v[27] is not null or v[28] is not null then 'OBJECT'
            else json_type(record)
        end as record_json_type,
        case
            when v[1] is null then null
            when id_kind is null then json_type(v[1])
            else id_kind
        end as safetyreportid_json_type,
        case
            when v[27] is not null or v[28] is not null or v[21] is not null
                or v[24] is not null then 'OBJECT'
            else json_type(record, '$.patient')
        end as patient_json_type,
        case when drug_kind is null and v[27] is not null then json_type(v[27])
            else drug_kind end as drug_json_type,
        case when reaction_kind is null and v[28] is not null then json_type(v[28])
            else reaction_kind end as reaction_json_type,
        v[1] ->> '$' as safetyreportid,
        v[2] ->> '$' as safetyreportversion,
        v[3] ->> '$' as receivedate,
        v[4] ->> '$' as receivedateformat,
        v[5] ->> '$' as receiptdate,
        v[6] ->> '$' as receiptdateformat,
        v[7] ->> '$' as serious_code,
        v[8] ->> '$' as seriousnessdeath_code,
        v[9] ->> '$' as seriousnesslifethreatening_code,
        v[10] ->> '$' as seriousnesshospitalization_code,
        v[11] ->> '$' as seriousnessdisabling_code,
        v[12] ->> '$' as seriousnesscongenitalanomali_code,
        v[13] ->> '$' as seriousnessother_code,
        v[14] ->> '$' as reporttype_code,
        v[15] ->> '$' as companynumb,
        v[16] ->> '$' as occurcountry,
        v[17] ->> '$' as primarysourcecountry,
        v[18] ->> '$' as reportercountry,
        v[19] ->> '$' as qualification_code,
        v[20] ->> '$' as senderorganization,
        v[21] ->> '$' as patientonsetage,
        v[22] ->> '$' as patientonsetageunit,
        v[23] ->> '$' as patientagegroup_code,
        v[24] ->> '$' as patientsex_code,
        v[25] ->> '$' as patientweight,
        v[26] ->> '$' as narrativeincludeclinical,
        case when drug_kind = 'ARRAY' then v[27] end as drug_json,
        case when reaction_kind = 'ARRAY' then v[28] end as reaction_json
    from typed
)

select * from renamed;
