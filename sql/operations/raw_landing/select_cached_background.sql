-- The background counts cached for one quarter, with the search each was fetched with.
select
    measure,
    key,
    search
from background_counts
where quarter = $quarter;
