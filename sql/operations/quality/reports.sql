-- Batch of the reports suite (expectations/reports.json): one row per reports row, the
-- columns the suite checks plus facts from the report's drugs and reactions.
--
-- Facts:
--   receive_date_quarter  the quarter receive_date falls in (must equal quarter)
--   products              reports.products as text, sorted, comma-separated ('' when empty)
--   drug_products         the same list built from the report's drugs rows
--   target_drugs          drugs rows of the report that are ketamine or esketamine
--   reaction_rows         reactions rows of the report
with

reports as (
    select
        safetyreportid,
        safetyreportversion,
        receive_date,
        receive_date_precision,
        receipt_date,
        quarter,
        serious,
        country,
        reporter_qualification,
        age_years,
        age_group,
        sex,
        weight_kg,
        products,
        is_probable_duplicate
    from main.reports
),

drugs as (
    select
        safetyreportid,
        product
    from main.drugs
),

reactions as (
    select safetyreportid
    from main.reactions
),

drug_facts as (
    select
        safetyreportid,
        count(*) filter (where product in ('ketamine', 'esketamine')) as target_drugs,
        array_to_string(
            list_sort(list_distinct(list(product) filter (where product is not null))), ','
        ) as drug_products
    from drugs
    group by safetyreportid
),

reaction_facts as (
    select
        safetyreportid,
        count(*) as reaction_rows
    from reactions
    group by safetyreportid
),

final as (
    select
        reports.safetyreportid,
        reports.safetyreportversion,
        reports.receive_date,
        reports.receive_date_precision,
        reports.receipt_date,
        reports.quarter,
        year(reports.receive_date) || 'Q' || quarter(reports.receive_date)
            as receive_date_quarter,
        reports.serious,
        reports.country,
        reports.reporter_qualification,
        reports.age_years,
        reports.age_group,
        reports.sex,
        reports.weight_kg,
        array_to_string(list_sort(list_distinct(reports.products)), ',') as products,
        coalesce(drug_facts.drug_products, '') as drug_products,
        coalesce(drug_facts.target_drugs, 0) as target_drugs,
        coalesce(reaction_facts.reaction_rows, 0) as reaction_rows,
        reports.is_probable_duplicate
    from reports
    left join drug_facts on drug_facts.safetyreportid = reports.safetyreportid
    left join reaction_facts on reaction_facts.safetyreportid = reports.safetyreportid
)

select
    safetyreportid,
    safetyreportversion,
    receive_date,
    receive_date_precision,
    receipt_date,
    quarter,
    receive_date_quarter,
    serious,
    country,
    reporter_qualification,
    age_years,
    age_group,
    sex,
    weight_kg,
    products,
    drug_products,
    target_drugs,
    reaction_rows,
    is_probable_duplicate
from final
