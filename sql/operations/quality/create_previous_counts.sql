-- Per-connection copy of the last good build's report counts (filled by
-- ketamine_faers.quality from quality_quarter_counts, which may live in another database),
-- read by quarter_counts.sql.
create or replace temp table quality_previous_counts (
    quarter       varchar not null,
    clean_reports bigint  not null
)
