-- Where the published data came from and when, from source_fetches (one row per quarter
-- fetched): the fetch times, openFDA's meta.last_updated, and whether any quarter was served
-- from the bundled synthetic sample.
select
    min(fetched_at) as first_fetched_at,
    max(fetched_at) as last_fetched_at,
    max(source_last_updated) as source_last_updated,
    bool_or(synthetic) as synthetic,
    count(*) as quarters_fetched,
    sum(records) as records,
    list_sort(list(distinct source_base_url)) as source_base_urls
from main.source_fetches;
