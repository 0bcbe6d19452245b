-- The report count per quarter of the last build that passed validation: the baseline of
-- the quarter_counts suite's drop checks.
with

last_passed_run as (
    select run_id
    from quality_quarter_counts
    where passed
    order by validated_at desc
    limit 1
),

final as (
    select
        counts.quarter,
        counts.clean_reports
    from quality_quarter_counts as counts
    inner join last_passed_run on last_passed_run.run_id = counts.run_id
)

select
    quarter,
    clean_reports
from final
order by quarter
