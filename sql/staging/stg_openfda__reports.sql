-- staging.stg_openfda__reports: one row per raw record, its report-level fields as text and
-- its drug and reaction lists already parsed.
--
-- Source: raw.raw_records (the raw contract, sql/operations/raw_landing/create_raw_records.sql).
-- Staging only renames and extracts; every rule lives in sql/intermediate/ and sql/core/,
-- where a reader looks for it. Each record is parsed exactly once: from_json with the shape of an openFDA record turns
-- it into a struct in one pass (measured at 1M records: 4 s, against 20 s for extracting
-- paths as JSON text and parsing the drug and reaction lists again). from_json is lenient:
-- a scalar where a string belongs arrives as its text (a number as its digits, an object or
-- list as its JSON text), and a structure of the wrong kind arrives as NULL, or, for a list
-- element that is not an object, as a struct of NULL fields. So the JSON type of the parts
-- the clean layer checks (the record, its safetyreportid, patient, patient.drug,
-- patient.reaction and their elements) is read off the parsed value where that is
-- unambiguous, and asked of the JSON (json_type) only where it is not: a record, patient or
-- element with none of the expected fields, a missing list. Those are rare, so almost every
-- record is parsed once. safetyreportid is taken as JSON so its kind is seen ('"' string,
-- digits a number, '{' an object...).
-- The drug and reaction lists stay nested here; stg_openfda__drugs and
-- stg_openfda__reactions are views that unnest them.
--
-- raw_rowid is the record's rowid in raw.raw_records, valid for this build only (raw is
-- read-only during it): main.quarantine fetches the verbatim records of the few quarantined
-- rows by rowid instead of scanning every record's JSON again.
--
-- A view, as dbt staging models usually are, in an in-memory database attached as `staging`
-- for the build only (never written to the published file). Four clean models read it, so
-- ketamine_faers.clean_model runs it once and holds its rows in Arrow memory for the rest of
-- the build (clean_model.pin_in_arrow): cheaper than storing the nested rows in a DuckDB
-- table (benchmarks/RESULTS.md).
create or replace view staging.stg_openfda__reports as

with

raw_records as (
    select
        rowid as raw_rowid,
        quarter,
        record_seq,
        record,
        fetched_at,
        source_last_updated
    from raw.raw_records
),

parsed as (
    select
        raw_rowid,
        quarter,
        record_seq,
        fetched_at,
        source_last_updated,
        record,
        from_json(record, '{
            "safetyreportid": "JSON",
            "safetyreportversion": "VARCHAR",
            "receivedate": "VARCHAR",
            "receiptdate": "VARCHAR",
            "serious": "VARCHAR",
            "seriousnessdeath": "VARCHAR",
            "seriousnesslifethreatening": "VARCHAR",
            "seriousnesshospitalization": "VARCHAR",
            "seriousnessdisabling": "VARCHAR",
            "seriousnesscongenitalanomali": "VARCHAR",
            "seriousnessother": "VARCHAR",
            "reporttype": "VARCHAR",
            "companynumb": "VARCHAR",
            "occurcountry": "VARCHAR",
            "primarysourcecountry": "VARCHAR",
            "primarysource": {"reportercountry": "VARCHAR", "qualification": "VARCHAR"},
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
                    "drugenddate": "VARCHAR",
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

-- A list element that is not an object parses as a struct of NULL fields. Any element
-- without its usual first field (medicinalproduct, reactionmeddrapt) is therefore unclear,
-- and only for records holding one is json_type asked for the real type of each element:
-- json_type decides, so a drug entry that is an object without medicinalproduct costs one
-- more look at its record and changes nothing.
shapes as (
    select
        *,
        list_bool_or(list_transform(
            r.patient.drug, lambda d: d.medicinalproduct is null
        )) as drug_elements_unclear,
        list_bool_or(list_transform(
            r.patient.reaction, lambda x: x.reactionmeddrapt is null
        )) as reaction_elements_unclear,
        case left(r.safetyreportid, 1)
            when '{' then 'OBJECT' when '[' then 'ARRAY' when '"' then 'VARCHAR'
            when 'n' then 'NULL' when 't' then 'BOOLEAN' when 'f' then 'BOOLEAN'
        end as id_kind,
        r.safetyreportid is not null
            or r.patient is not null and (r.patient.drug is not null
                or r.patient.reaction is not null) as plainly_object,
        r.patient.drug is not null or r.patient.reaction is not null
            or r.patient.patientonsetage is not null
            or r.patient.patientsex is not null as patient_plainly_object
    from parsed
),

renamed as (
    select
        raw_rowid,
        quarter,
        record_seq,
        fetched_at,
        source_last_updated,
        case when plainly_object then 'OBJECT' else json_type(record) end as record_json_type,
        case
            when r.safetyreportid is null then null
            when id_kind is null then json_type(r.safetyreportid)
            else id_kind
        end as safetyreportid_json_type,
        case
            when patient_plainly_object then 'OBJECT'
            else json_type(record, '$.patient')
        end as patient_json_type,
        case
            when r.patient.drug is not null then 'ARRAY'
            else json_type(record, '$.patient.drug')
        end as drug_json_type,
        case
            when r.patient.reaction is not null then 'ARRAY'
            else json_type(record, '$.patient.reaction')
        end as reaction_json_type,
        r.safetyreportid ->> '$' as safetyreportid,
        r.safetyreportversion as safetyreportversion,
        r.receivedate as receivedate,
        r.receiptdate as receiptdate,
        r.serious as serious_code,
        r.seriousnessdeath as seriousnessdeath_code,
        r.seriousnesslifethreatening as seriousnesslifethreatening_code,
        r.seriousnesshospitalization as seriousnesshospitalization_code,
        r.seriousnessdisabling as seriousnessdisabling_code,
        r.seriousnesscongenitalanomali as seriousnesscongenitalanomali_code,
        r.seriousnessother as seriousnessother_code,
        r.reporttype as reporttype_code,
        r.companynumb as companynumb,
        r.occurcountry as occurcountry,
        r.primarysourcecountry as primarysourcecountry,
        r.primarysource.reportercountry as reportercountry,
        r.primarysource.qualification as qualification_code,
        r.sender.senderorganization as senderorganization,
        r.patient.patientonsetage as patientonsetage,
        r.patient.patientonsetageunit as patientonsetageunit,
        r.patient.patientagegroup as patientagegroup_code,
        r.patient.patientsex as patientsex_code,
        r.patient.patientweight as patientweight,
        r.patient.summary.narrativeincludeclinical as narrativeincludeclinical,
        r.patient.drug as drugs,
        case
            when drug_elements_unclear then json_type(record, '$.patient.drug[*]')
        end as drug_element_types,
        r.patient.reaction as reactions,
        case
            when reaction_elements_unclear then json_type(record, '$.patient.reaction[*]')
        end as reaction_element_types
    from shapes
)

select * from renamed;
