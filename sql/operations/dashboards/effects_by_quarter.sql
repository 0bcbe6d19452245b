-- Reports per quarter in each effect category, and the share of the product's reports, for
-- the time charts (mart_effects_by_quarter, probable duplicates already left out).
select
    quarter,
    quarter_start,
    product,
    exposure,
    category,
    scope,
    reports,
    product_reports,
    share
from main.mart_effects_by_quarter
order by product, exposure, category, scope, quarter;
