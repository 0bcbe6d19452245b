-- One background count (see create_background_counts.sql), replacing the cached row of the same
-- quarter, measure and key. Parameters are bound, never interpolated.
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
values (
    $quarter,
    $measure,
    $key,
    $search,
    $report_count,
    $fetched_at,
    $source_last_updated,
    $synthetic
);
