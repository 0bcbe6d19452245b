-- staging.stg_openfda__drugs: one row per element of patient.drug, for every raw record whose
-- patient.drug is a JSON array (whatever else is wrong with the record).
--
-- Source: the drug list staging.stg_openfda__reports already parsed (the raw record is
-- parsed once). A view, as dbt staging models usually are: main.drugs (sql/core/drugs.sql)
-- reads it once, so the unnested entries are stored once.
-- raw_rowid, quarter and record_seq name the raw record and safetyreportid is the record's
-- (as text, untrimmed; the clean layer checks it); drug_seq is the element's 1-based
-- position in patient.drug. element_json_type says what
-- the element is ('OBJECT', or the JSON type stg_openfda__reports read for an element that
-- is not one); an element that is not an object still gets a row (all its fields NULL) so
-- the clean layer can quarantine the record with its position. openfda.* are lists of
-- strings; a list sent as a single string arrives as NULL. Only renames and unnests; product
-- identification and labels live in sql/clean/.
create or replace view staging.stg_openfda__drugs as

with

reports as (
    select
        raw_rowid,
        quarter,
        record_seq,
        safetyreportid,
        drugs,
        drug_element_types
    from staging.stg_openfda__reports
    where drugs is not null
),

elements as (
    select
        raw_rowid,
        quarter,
        record_seq,
        safetyreportid,
        drug_element_types,
        unnest(drugs) as d,
        generate_subscripts(drugs, 1) as drug_seq
    from reports
),

renamed as (
    select
        raw_rowid,
        quarter,
        record_seq,
        safetyreportid,
        drug_seq::integer as drug_seq,
        coalesce(drug_element_types[drug_seq], 'OBJECT') as element_json_type,
        d.medicinalproduct as medicinalproduct,
        d.drugcharacterization as drugcharacterization_code,
        d.drugadministrationroute as drugadministrationroute_code,
        d.drugindication as drugindication,
        d.drugdosagetext as drugdosagetext,
        d.drugdosageform as drugdosageform,
        d.drugstartdate as drugstartdate,
        d.drugenddate as drugenddate,
        d.actiondrug as actiondrug_code,
        d.activesubstance.activesubstancename as activesubstancename,
        d.openfda.generic_name as openfda_generic_name,
        d.openfda.brand_name as openfda_brand_name,
        d.openfda.substance_name as openfda_substance_name
    from elements
)

select * from renamed;
