-- Quarters whose last complete fetch started at or after $since (UTC): what a failed attempt
-- already landed, kept when the run is resumed.
select quarter
from raw_fetches
where fetched_at >= $since;
