-- openFDA's meta.last_updated recorded for one quarter's report fetch.
select source_last_updated
from raw_fetches
where quarter = $quarter;
