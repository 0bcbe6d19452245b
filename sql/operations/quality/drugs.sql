-- Batch of the drugs suite (expectations/drugs.json): one row per drugs row, the columns the
-- suite checks plus facts:
--   has_report             the row's report is in reports (no orphan drug rows)
--   route_code_unlabelled  a route code was given but has no E2B label (not an E2B code)
with

drugs as (
    select
        safetyreportid,
        drug_seq,
        medicinal_product,
        product,
        role,
        route_code,
        route,
        start_date,
        end_date
    from main.drugs
),

reports as (
    select safetyreportid
    from main.reports
),

final as (
    select
        drugs.safetyreportid,
        drugs.drug_seq,
        drugs.medicinal_product,
        drugs.product,
        drugs.role,
        drugs.route_code,
        drugs.route,
        drugs.route_code is not null and drugs.route is null as route_code_unlabelled,
        drugs.start_date,
        drugs.end_date,
        drugs.safetyreportid in (select safetyreportid from reports) as has_report
    from drugs
)

select
    safetyreportid,
    drug_seq,
    medicinal_product,
    product,
    role,
    route_code,
    route,
    route_code_unlabelled,
    start_date,
    end_date,
    has_report
from final
