-- Fill the per-connection quality_previous_counts from the frame registered as
-- quality_previous_counts_frame (read from quality_quarter_counts, possibly in another
-- database).
insert into quality_previous_counts (quarter, clean_reports)
select
    quarter,
    clean_reports
from quality_previous_counts_frame
