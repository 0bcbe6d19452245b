-- main.drugs: one row per drug entry (patient.drug element) of every cleaned report.
-- Grain: (safetyreportid, drug_seq). Every drug on the report is here, the target medicines
-- and all the others, each with its own role: openFDA cannot tie a role to a drug in a
-- search, so filter on role (e.g. role = 'suspect') for role-specific questions.
--
-- Rules applied (docs/cleaning-rules.md):
--   product identification  product is 'esketamine', 'ketamine' or NULL, decided from all
--                           the entry's names (rule and patterns below);
--   drug role               drugcharacterization 1 suspect, 2 concomitant, 3 interacting,
--                           anything else NULL (role_code keeps the raw value);
--   route                   drugadministrationroute is an E2B code: 1 to 3 digits are
--                           zero-padded to 3 ('45' -> '045') into route_code; route is its
--                           label from reference/e2b_routes.csv, NULL for unknown codes;
--   partial dates           drugstartdate/drugenddate -> date + precision (day/month/year);
--                           an unparseable date ('20231399', '00000000') becomes NULL with
--                           the text kept in *_raw, and never quarantines the report;
--   action taken            actiondrug 1 drug withdrawn, 2 dose reduced, 3 dose increased,
--                           4 dose not changed, 5 unknown, 6 not applicable;
--   blank text              free-text fields are trimmed and '' becomes NULL.
--
-- Written once, straight from staging, for the drug entries of every staged record: the
-- statement runs before int_record_fates has decided which records are kept, so it carries
-- two build-only columns at the end, raw_rowid (the raw record) and element_json_type (what
-- the element is), which int_drug_summaries reads. drugs_keep_cleaned.sql then deletes the
-- entries of quarantined records and drops those two columns. The 2.5M entries of a million
-- records are so written once instead of into an intermediate table and again here
-- (measured in benchmarks/RESULTS.md).
--
-- Rule "product identification" (docs/cleaning-rules.md#product-identification): the
--   entry's names are medicinalproduct, activesubstance.activesubstancename and openfda
--   generic_name, brand_name and substance_name, upper-cased and joined with ' | '; the
--   product is staging.target_product(names), the one rule sql/macros/product_macros.sql
--   defines and the files source's case_drugs shares ('esketamine', 'ketamine' or NULL;
--   ketamine and esketamine are never merged).
create or replace table main.drugs as

with

drugs as (
    select * from staging.stg_openfda__drugs
),

names as (
    select
        *,
        upper(concat_ws(
            ' | ',
            medicinalproduct,
            activesubstancename,
            array_to_string(openfda_generic_name, ' | '),
            array_to_string(openfda_brand_name, ' | '),
            array_to_string(openfda_substance_name, ' | ')
        )) as drug_names
    from drugs
),

identified as (
    select
        *,
        staging.target_product(drug_names) as product
    from names
),

normalised as (
    select
        raw_rowid,
        staging.report_id(safetyreportid) as safetyreportid,
        drug_seq,
        element_json_type,
        nullif(trim(medicinalproduct), '') as medicinal_product,
        product,
        case trim(drugcharacterization_code)
            when '1' then 'suspect'
            when '2' then 'concomitant'
            when '3' then 'interacting'
        end as role,
        nullif(trim(drugcharacterization_code), '') as role_code,
        case
            when regexp_full_match(trim(drugadministrationroute_code), '[0-9]{1,3}')
                then lpad(trim(drugadministrationroute_code), 3, '0')
            else nullif(trim(drugadministrationroute_code), '')
        end as route_code,
        nullif(trim(drugindication), '') as indication,
        nullif(trim(drugdosagetext), '') as dose_text,
        nullif(trim(drugdosageform), '') as dosage_form,
        staging.faers_date(drugstartdate) as start_parsed,
        nullif(trim(drugstartdate), '') as start_date_raw,
        staging.faers_date(drugenddate) as end_parsed,
        nullif(trim(drugenddate), '') as end_date_raw,
        case trim(actiondrug_code)
            when '1' then 'drug withdrawn'
            when '2' then 'dose reduced'
            when '3' then 'dose increased'
            when '4' then 'dose not changed'
            when '5' then 'unknown'
            when '6' then 'not applicable'
        end as action_taken,
        nullif(trim(activesubstancename), '') as active_substance,
        openfda_generic_name as generic_names,
        openfda_brand_name as brand_names,
        openfda_substance_name as substance_names,
        quarter
    from identified
),

routes as (
    select
        route_code,
        route_label
    from staging.ref_e2b_routes
),

final as (
    select
        normalised.safetyreportid,
        normalised.drug_seq,
        normalised.medicinal_product,
        normalised.product,
        normalised.role,
        normalised.role_code,
        normalised.route_code,
        routes.route_label as route,
        normalised.indication,
        normalised.dose_text,
        normalised.dosage_form,
        normalised.start_parsed.date as start_date,
        normalised.start_parsed.precision as start_date_precision,
        normalised.start_date_raw,
        normalised.end_parsed.date as end_date,
        normalised.end_parsed.precision as end_date_precision,
        normalised.end_date_raw,
        normalised.action_taken,
        normalised.active_substance,
        normalised.generic_names,
        normalised.brand_names,
        normalised.substance_names,
        normalised.quarter,
        normalised.raw_rowid,  -- build-only, dropped by drugs_keep_cleaned.sql
        normalised.element_json_type  -- build-only, dropped by drugs_keep_cleaned.sql
    from normalised
    left join routes
        on normalised.route_code = routes.route_code
)

select * from final;

comment on table main.drugs is
    'One row per drug entry (patient.drug element) of every cleaned report, target medicines and all others, each with its own role. Key (safetyreportid, drug_seq). Rules: docs/cleaning-rules.md.';
comment on column main.drugs.safetyreportid is
    'The report (main.reports.safetyreportid) this drug entry belongs to.';
comment on column main.drugs.drug_seq is
    '1-based position of the entry in the report''s patient.drug list.';
comment on column main.drugs.medicinal_product is
    'Drug name as reported (medicinalproduct), free text, trimmed; not normalised.';
comment on column main.drugs.product is
    'Target medicine this entry names: ''esketamine'', ''ketamine'' (racemic), or NULL for every other drug. Decided from all the entry''s names (rule product-identification).';
comment on column main.drugs.role is
    'Reported role of the drug: ''suspect'', ''concomitant'' or ''interacting'' (drugcharacterization 1/2/3); NULL when missing or another code.';
comment on column main.drugs.role_code is
    'drugcharacterization as reported (1 suspect, 2 concomitant, 3 interacting).';
comment on column main.drugs.route_code is
    'E2B route of administration code, 3 digits (e.g. ''045''); a shorter number is zero-padded; any other text is kept as reported.';
comment on column main.drugs.route is
    'Label of route_code from reference/e2b_routes.csv (e.g. ''nasal'', ''intravenous (not otherwise specified)''); NULL when the code is missing or not an E2B code.';
comment on column main.drugs.indication is
    'Indication as reported (drugindication), usually a MedDRA term, not normalised.';
comment on column main.drugs.dose_text is
    'Dosage as free text (drugdosagetext).';
comment on column main.drugs.dosage_form is
    'Dosage form as free text (drugdosageform), e.g. ''SPRAY''.';
comment on column main.drugs.start_date is
    'Date the patient began the drug (drugstartdate); first day of the month or year when only that is known (see start_date_precision); NULL when missing or unparseable.';
comment on column main.drugs.start_date_precision is
    '''day'', ''month'' or ''year'': how much of start_date was reported; NULL when start_date is NULL.';
comment on column main.drugs.start_date_raw is
    'drugstartdate as reported (kept whether or not it parsed).';
comment on column main.drugs.end_date is
    'Date the patient stopped the drug (drugenddate); same rules as start_date.';
comment on column main.drugs.end_date_precision is
    '''day'', ''month'' or ''year'' for end_date; NULL when end_date is NULL.';
comment on column main.drugs.end_date_raw is
    'drugenddate as reported (kept whether or not it parsed).';
comment on column main.drugs.action_taken is
    'Action taken with the drug (actiondrug): ''drug withdrawn'', ''dose reduced'', ''dose increased'', ''dose not changed'', ''unknown'', ''not applicable''; NULL when missing.';
comment on column main.drugs.active_substance is
    'Active substance as reported (activesubstance.activesubstancename); combinations are joined with a backslash.';
comment on column main.drugs.generic_names is
    'openFDA harmonised generic names (openfda.generic_name); NULL when openFDA could not harmonise the entry (most entries).';
comment on column main.drugs.brand_names is
    'openFDA harmonised brand names (openfda.brand_name); NULL when absent.';
comment on column main.drugs.substance_names is
    'openFDA harmonised substance names (openfda.substance_name); NULL when absent.';
comment on column main.drugs.quarter is
    'Quarter of the report (main.reports.quarter), for partition-wise work.';
