-- Reports per quarter and product.
-- Counts cases (one row per safetyreportid, latest version) naming each medicine in any drug
-- role, leaving out probable duplicates. A report naming both medicines counts once for each.
-- Counts are reports, not incidence: FAERS is a spontaneous reporting system.
select
    reports.quarter,
    product.product,
    count(*) as reports
from main.reports as reports,
    unnest(reports.products) as product(product)
where not reports.is_probable_duplicate
group by reports.quarter, product.product
order by reports.quarter, product.product;
