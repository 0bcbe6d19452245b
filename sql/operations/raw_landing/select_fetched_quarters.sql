-- Every quarter the raw landing holds a fetch of (read through the attached catalog raw).
select distinct quarter
from raw.raw_fetches
order by quarter;
