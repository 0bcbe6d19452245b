-- All reports per product and exposure (probable duplicates left out, as in the marts): the
-- denominators quoted on the overview.
select
    product,
    exposure,
    count(*) as reports,
    min(quarter) as first_quarter,
    max(quarter) as last_quarter
from main.report_exposures
where not is_probable_duplicate
group by product, exposure
order by product, exposure;
