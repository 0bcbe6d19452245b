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
-- duplicate_keys lists the keys that occur more than once in one object the clean layer
-- reads (the record, primarysource, sender, patient, patient.summary, each patient.drug
-- element with its openfda and activesubstance, each patient.reaction element), as paths
-- ('receivedate', 'patient.drug[2].drugstartdate'); NULL when there is none. Such a record
-- has no single reading: from_json takes the first copy of a key, Python's json the last.
-- json_keys keeps every copy, so a duplicate shows as a key list longer than its distinct
-- count. One json_keys call with constant paths reads every level in one more parse of the
-- record (DuckDB needs constant paths, so drug and reaction elements 1 to 8 are named; a
-- record with more takes the wildcard paths, one parse per level); the paths themselves
-- are built only for the rare record that has a duplicate.
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

-- The keys of every object read, one list per object (rule-free extraction; see the header).
keyed as (
    select
        *,
        case
            when len(r.patient.drug) > 8 or len(r.patient.reaction) > 8 then
                json_keys(record, [
                    '$', '$.primarysource', '$.sender', '$.patient', '$.patient.summary'
                ])
                || json_keys(record, '$.patient.drug[*]')
                || json_keys(record, '$.patient.drug[*].openfda')
                || json_keys(record, '$.patient.drug[*].activesubstance')
                || json_keys(record, '$.patient.reaction[*]')
            else json_keys(record, [
                '$', '$.primarysource', '$.sender', '$.patient', '$.patient.summary',
                '$.patient.drug[0]', '$.patient.drug[0].openfda',
                '$.patient.drug[0].activesubstance', '$.patient.drug[1]',
                '$.patient.drug[1].openfda', '$.patient.drug[1].activesubstance',
                '$.patient.drug[2]', '$.patient.drug[2].openfda',
                '$.patient.drug[2].activesubstance', '$.patient.drug[3]',
                '$.patient.drug[3].openfda', '$.patient.drug[3].activesubstance',
                '$.patient.drug[4]', '$.patient.drug[4].openfda',
                '$.patient.drug[4].activesubstance', '$.patient.drug[5]',
                '$.patient.drug[5].openfda', '$.patient.drug[5].activesubstance',
                '$.patient.drug[6]', '$.patient.drug[6].openfda',
                '$.patient.drug[6].activesubstance', '$.patient.drug[7]',
                '$.patient.drug[7].openfda', '$.patient.drug[7].activesubstance',
                '$.patient.reaction[0]', '$.patient.reaction[1]', '$.patient.reaction[2]',
                '$.patient.reaction[3]', '$.patient.reaction[4]', '$.patient.reaction[5]',
                '$.patient.reaction[6]', '$.patient.reaction[7]'
            ])
        end as object_keys
    from shapes
),

flagged as (
    select
        * exclude (object_keys),
        coalesce(list_bool_or(list_transform(
            object_keys, lambda keys: len(keys) > 1 and list_unique(keys) < len(keys)
        )), false) as has_duplicate_keys
    from keyed
),

-- Only for the records with a duplicate: each object read with its path, then the keys
-- that occur in it more than once, in the order they first occur (1-based positions, as
-- drug_seq and reaction_seq).
objects as (
    select
        *,
        case when has_duplicate_keys then
            [
                {'at': '', 'keys': json_keys(record)},
                {'at': 'primarysource.', 'keys': json_keys(record, '$.primarysource')},
                {'at': 'sender.', 'keys': json_keys(record, '$.sender')},
                {'at': 'patient.', 'keys': json_keys(record, '$.patient')},
                {'at': 'patient.summary.', 'keys': json_keys(record, '$.patient.summary')}
            ]
            || flatten(list_transform(
                json_extract(record, '$.patient.drug[*]'), lambda element, i: [
                    {'at': 'patient.drug[' || i || '].', 'keys': json_keys(element)},
                    {
                        'at': 'patient.drug[' || i || '].openfda.',
                        'keys': json_keys(element, '$.openfda')
                    },
                    {
                        'at': 'patient.drug[' || i || '].activesubstance.',
                        'keys': json_keys(element, '$.activesubstance')
                    }
                ]
            ))
            || list_transform(
                json_extract(record, '$.patient.reaction[*]'), lambda element, i: {
                    'at': 'patient.reaction[' || i || '].', 'keys': json_keys(element)
                }
            )
        end as read_objects
    from flagged
),

duplicates as (
    select
        * exclude (read_objects, has_duplicate_keys),
        case when has_duplicate_keys then
            flatten(list_transform(read_objects, lambda o: list_transform(
                list_filter(o.keys, lambda key, j: list_position(o.keys, key) = j
                    and len(list_filter(o.keys, lambda other: other = key)) > 1),
                lambda key: o.at || key
            )))
        end as duplicate_keys
    from objects
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
        end as reaction_element_types,
        duplicate_keys
    from duplicates
)

select * from renamed;
