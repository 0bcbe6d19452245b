-- Whether a quarter's cached background counts ($quarter) are as new as its landed reports:
-- every row fetched after the quarter's last landing, at the same openFDA last_updated. NULL
-- (read as no) when a last_updated is unknown or nothing is cached.
select
    count(*) > 0
    and bool_and(
        counts.fetched_at >= fetches.fetched_at
        and counts.source_last_updated = fetches.source_last_updated
    ) as is_current
from background_counts as counts
inner join raw_fetches as fetches on fetches.quarter = counts.quarter
where counts.quarter = $quarter
