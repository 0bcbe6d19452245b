-- Append one run's quarter counts (the quarter_counts batch, registered as
-- quality_incoming_counts).
insert into quality_quarter_counts (
    run_id,
    validated_at,
    quarter,
    fetched,
    api_total,
    raw_records,
    clean_reports,
    quarantined_records,
    lost_records,
    double_records,
    previous_reports,
    passed
)
select
    run_id,
    validated_at,
    quarter,
    fetched,
    api_total,
    raw_records,
    clean_reports,
    quarantined_records,
    lost_records,
    double_records,
    previous_reports,
    passed
from quality_incoming_counts
