-- Fallback for a published database without source_fetches: the fetch times and openFDA's
-- meta.last_updated carried by the clean reports. Whether the data were synthetic is unknown.
select
    min(fetched_at) as first_fetched_at,
    max(fetched_at) as last_fetched_at,
    max(source_last_updated) as source_last_updated,
    cast(null as boolean) as synthetic,
    count(distinct quarter) as quarters_fetched,
    count(*) as records,
    cast([] as varchar[]) as source_base_urls
from main.reports;
