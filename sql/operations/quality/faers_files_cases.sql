-- Batch of the faers_files_cases suite (expectations/faers_files_cases.json): one row per
-- faers_files.cases row, the columns the suite checks plus facts:
--   names_a_target      products is ketamine, esketamine or both (every case names one)
--   duplicate_of_itself probable_duplicate_of names the case itself
--   has_drug            the case has at least one row in faers_files.drugs
with

cases as (
    select
        caseid,
        caseversion,
        era,
        quarter,
        products,
        age_years,
        weight_kg,
        sex,
        is_probable_duplicate,
        probable_duplicate_of,
        initial_receipt_date,
        receipt_date
    from faers_files.cases
),

drug_cases as (
    select distinct caseid
    from faers_files.drugs
),

final as (
    select
        cases.caseid,
        cases.caseversion,
        cases.era,
        cases.quarter,
        cases.products,
        cases.age_years,
        cases.weight_kg,
        cases.sex,
        cases.is_probable_duplicate,
        cases.probable_duplicate_of,
        cases.products in ('ketamine', 'esketamine', 'ketamine+esketamine') as names_a_target,
        coalesce(cases.probable_duplicate_of = cases.caseid, false) as duplicate_of_itself,
        drug_cases.caseid is not null as has_drug
    from cases
    left join drug_cases on drug_cases.caseid = cases.caseid
)

select
    caseid,
    caseversion,
    era,
    quarter,
    products,
    age_years,
    weight_kg,
    sex,
    is_probable_duplicate,
    probable_duplicate_of,
    names_a_target,
    duplicate_of_itself,
    has_drug
from final;
