-- staging.stg_openfda__reports: one row per raw record, every report-level field typed as text.
--
-- Source: raw.raw_records (the raw contract, sql/raw/create_raw_records.sql).
-- Staging only renames, casts and unnests: no rule lives here. The JSON of each record is parsed
-- once, with from_json and an explicit structure, so the whole build reads each record a
-- single time. from_json is lenient: a number where a string belongs arrives as its digits,
-- an object or list where a string belongs arrives as its JSON text, and an object or list of
-- the wrong kind (patient a list, patient.drug an object) arrives as NULL. The *_json_type
-- columns say what was actually there for the structures the clean layer checks; they call
-- json_type again only on the rare rows where from_json returned NULL.
-- The drug and reaction arrays are kept as lists of structs; stg_openfda__drugs and
-- stg_openfda__reactions unnest them.
create schema if not exists staging;

create or replace table staging.stg_openfda__reports as

with

raw_records as (
    select
        quarter,
        record_seq,
        safetyreportid as raw_safetyreportid,
        record,
        fetched_at,
        source_last_updated
    from raw.raw_records
),

parsed as (
    select
        raw_records.*,
        json_type(record) as record_json_type,
        from_json(record, '{
            "safetyreportid": "VARCHAR",
            "safetyreportversion": "VARCHAR",
            "receivedate": "VARCHAR",
            "receivedateformat": "VARCHAR",
            "receiptdate": "VARCHAR",
            "receiptdateformat": "VARCHAR",
            "serious": "VARCHAR",
            "seriousnessdeath": "VARCHAR",
            "seriousnesslifethreatening": "VARCHAR",
            "seriousnesshospitalization": "VARCHAR",
            "seriousnessdisabling": "VARCHAR",
            "seriousnesscongenitalanomali": "VARCHAR",
            "seriousnessother": "VARCHAR",
            "reporttype": "VARCHAR",
            "companynumb": "VARCHAR",
            "duplicate": "VARCHAR",
            "occurcountry": "VARCHAR",
            "primarysourcecountry": "VARCHAR",
            "primarysource": {"qualification": "VARCHAR", "reportercountry": "VARCHAR"},
            "sender": {"senderorganization": "VARCHAR"},
            "patient": {
                "patientonsetage": "VARCHAR",
                "patientonsetageunit": "VARCHAR",
                "patientagegroup": "VARCHAR",
                "patientsex": "VARCHAR",
                "patientweight": "VARCHAR",
                "summary": {"narrativeincludeclinical": "VARCHAR"},
                "drug": [{
                    "medicinalproduct": "VARCHAR",
                    "drugcharacterization": "VARCHAR",
                    "drugadministrationroute": "VARCHAR",
                    "drugindication": "VARCHAR",
                    "drugdosagetext": "VARCHAR",
                    "drugdosageform": "VARCHAR",
                    "drugstartdate": "VARCHAR",
                    "drugstartdateformat": "VARCHAR",
                    "drugenddate": "VARCHAR",
                    "drugenddateformat": "VARCHAR",
                    "actiondrug": "VARCHAR",
                    "activesubstance": {"activesubstancename": "VARCHAR"},
                    "openfda": {
                        "generic_name": ["VARCHAR"],
                        "brand_name": ["VARCHAR"],
                        "substance_name": ["VARCHAR"]
                    }
                }],
                "reaction": [{
                    "reactionmeddrapt": "VARCHAR",
                    "reactionmeddraversionpt": "VARCHAR",
                    "reactionoutcome": "VARCHAR"
                }]
            }
        }') as r
    from raw_records
),

renamed as (
    select
        quarter,
        record_seq,
        raw_safetyreportid,
        fetched_at,
        source_last_updated,
        record_json_type,
        r.safetyreportid as safetyreportid,
        case
            when record_json_type <> 'OBJECT' then null
            when r.safetyreportid is null then json_type(record, '$.safetyreportid')
            else json_type(record, '$.safetyreportid')
        end as safetyreportid_json_type,
        r.safetyreportversion as safetyreportversion,
        r.receivedate as receivedate,
        r.receivedateformat as receivedateformat,
        r.receiptdate as receiptdate,
        r.receiptdateformat as receiptdateformat,
        r.serious as serious_code,
        r.seriousnessdeath as seriousnessdeath_code,
        r.seriousnesslifethreatening as seriousnesslifethreatening_code,
        r.seriousnesshospitalization as seriousnesshospitalization_code,
        r.seriousnessdisabling as seriousnessdisabling_code,
        r.seriousnesscongenitalanomali as seriousnesscongenitalanomali_code,
        r.seriousnessother as seriousnessother_code,
        r.reporttype as reporttype_code,
        r.companynumb as companynumb,
        r.duplicate as duplicate_code,
        r.occurcountry as occurcountry,
        r.primarysourcecountry as primarysourcecountry,
        r.primarysource.reportercountry as reportercountry,
        r.primarysource.qualification as qualification_code,
        r.sender.senderorganization as senderorganization,
        case
            when record_json_type <> 'OBJECT' then null
            when r.patient is null then json_type(record, '$.patient')
            else 'OBJECT'
        end as patient_json_type,
        r.patient.patientonsetage as patientonsetage,
        r.patient.patientonsetageunit as patientonsetageunit,
        r.patient.patientagegroup as patientagegroup_code,
        r.patient.patientsex as patientsex_code,
        r.patient.patientweight as patientweight,
        r.patient.summary.narrativeincludeclinical as narrativeincludeclinical,
        case
            when r.patient is null then null
            when r.patient.drug is null then json_type(record, '$.patient.drug')
            else 'ARRAY'
        end as drug_json_type,
        case
            when r.patient is null then null
            when r.patient.reaction is null then json_type(record, '$.patient.reaction')
            else 'ARRAY'
        end as reaction_json_type,
        r.patient.drug as drugs,
        r.patient.reaction as reactions
    from parsed
)

select * from renamed;
