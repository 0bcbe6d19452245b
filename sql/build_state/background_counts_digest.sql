-- Every background count row, for the effect stage's fingerprint (signals read them).
select
    quarter,
    measure,
    key,
    search,
    report_count,
    fetched_at,
    source_last_updated,
    synthetic
from raw.background_counts
order by quarter, measure, key
