-- staging.stg_openfda__drugs: one row per element of patient.drug, for every raw record whose
-- patient.drug is a JSON array (whatever else is wrong with the record).
--
-- Source: the drug array's JSON text in staging.stg_openfda__reports (drug_json), so the raw
-- record is parsed once. drug_seq is the element's 1-based position in patient.drug.
-- element_json_type says what the element is; an element that is not an object still gets a
-- row (all its fields NULL) so the clean layer can quarantine the record with its position.
-- openfda.* are lists of strings; a list sent as a single string arrives as NULL.
-- Each element is taken out as JSON, then typed (measured faster than typing the whole list
-- in one from_json). Only renames and unnests; product
-- identification and labels live in sql/clean/.
attach if not exists ':memory:' as staging;

create or replace table staging.stg_openfda__drugs as

with

reports as (
    select
        quarter,
        record_seq,
        drug_json
    from staging.stg_openfda__reports
    where drug_json is not null
),

lists as (
    select
        quarter,
        record_seq,
        from_json(drug_json, '["JSON"]') as elements
    from reports
),

elements as (
    select
        quarter,
        record_seq,
        unnest(elements) as element_json,
        generate_subscripts(elements, 1) as drug_seq
    from lists
),

parsed as (
    select
        quarter,
        record_seq,
        drug_seq,
        case
            when left(element_json, 1) = '{' then 'OBJECT'
            else json_type(element_json)
        end as element_json_type,
        from_json(element_json, '{
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
        }') as d
    from elements
),

renamed as (
    select
        quarter,
        record_seq,
        drug_seq::integer as drug_seq,
        element_json_type,
        d.medicinalproduct as medicinalproduct,
        d.drugcharacterization as drugcharacterization_code,
        d.drugadministrationroute as drugadministrationroute_code,
        d.drugindication as drugindication,
        d.drugdosagetext as drugdosagetext,
        d.drugdosageform as drugdosageform,
        d.drugstartdate as drugstartdate,
        d.drugstartdateformat as drugstartdateformat,
        d.drugenddate as drugenddate,
        d.drugenddateformat as drugenddateformat,
        d.actiondrug as actiondrug_code,
        d.activesubstance.activesubstancename as activesubstancename,
        d.openfda.generic_name as openfda_generic_name,
        d.openfda.brand_name as openfda_brand_name,
        d.openfda.substance_name as openfda_substance_name
    from parsed
)

select * from renamed;
