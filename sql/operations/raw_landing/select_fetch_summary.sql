-- Records landed and openFDA's total per non-empty quarter, for the run summary.
select
    quarter,
    records,
    api_total
from raw_fetches
where records > 0 or api_total > 0
order by quarter;
