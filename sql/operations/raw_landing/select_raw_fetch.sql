-- A quarter's stored fetch ($quarter), the basis of the incremental refresh's decision.
select
    fetched_at,
    records,
    api_total,
    source_base_url,
    source_last_updated,
    synthetic
from raw_fetches
where quarter = $quarter
