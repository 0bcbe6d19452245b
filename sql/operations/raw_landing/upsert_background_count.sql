-- A quarter's background counts (see create_background_counts.sql), replacing the cached rows
-- of the same quarter, measure and key. Reads the registered frame `incoming_background`.
insert or replace into background_counts (
    quarter,
    measure,
    key,
    search,
    report_count,
    fetched_at,
    source_last_updated,
    synthetic
)
select
    quarter,
    measure,
    key,
    search,
    report_count,
    fetched_at,
    source_last_updated,
    synthetic
from incoming_background;
