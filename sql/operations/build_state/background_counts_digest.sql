-- Every background count row, for the effect stage's fingerprint (signals read them).
select *
from raw.background_counts
order by quarter, measure, key
