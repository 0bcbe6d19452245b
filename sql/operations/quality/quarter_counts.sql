-- Batch of the quarter_counts suite (expectations/quarter_counts.json): one row per quarter,
-- the record counts that must reconcile.
--
-- Facts, per quarter of the raw landing (and every quarter that had reports in the last good
-- build, and every quarter between the first and the last one fetched):
--   raw_records          records landed in raw.raw_records
--   clean_reports        reports rows of the quarter
--   quarantined_records  quarantine rows of the quarter
--   accounted_records    clean_reports + quarantined_records: raw = clean + quarantined holds
--                        when it equals raw_records
--   lost_records         raw records in neither reports nor quarantine (matched on the raw
--                        key quarter, record_seq)
--   double_records       raw records in both reports and quarantine
--   previous_reports     clean_reports in the last build that passed validation
--                        (quality_previous_counts, filled by ketamine_faers.quality)
--   report_ratio         clean_reports / previous_reports (NULL when there is no baseline)
--   vanished             the quarter had reports in the last good build and has none now
--   fetched, api_total   the quarter has a raw_fetches row, and openFDA's total for it
with

raw_records as (
    select
        quarter,
        record_seq,
        safetyreportid
    from raw.raw_records
),

raw_fetches as (
    select
        quarter,
        api_total
    from raw.raw_fetches
),

reports as (
    select
        quarter,
        record_seq
    from main.reports
),

quarantine as (
    select
        quarter,
        record_seq
    from main.quarantine
),

previous as (
    select
        quarter,
        clean_reports as previous_reports
    from quality_previous_counts
),

record_fates as (
    select
        raw_records.quarter,
        exists (
            select 1
            from reports
            where reports.quarter = raw_records.quarter
              and reports.record_seq = raw_records.record_seq
        ) as cleaned,
        exists (
            select 1
            from quarantine
            where quarantine.quarter = raw_records.quarter
              and quarantine.record_seq = raw_records.record_seq
        ) as quarantined
    from raw_records
),

raw_counts as (
    select
        quarter,
        count(*) as raw_records,
        count(*) filter (where not cleaned and not quarantined) as lost_records,
        count(*) filter (where cleaned and quarantined) as double_records
    from record_fates
    group by quarter
),

report_counts as (
    select
        quarter,
        count(*) as clean_reports
    from reports
    group by quarter
),

quarantine_counts as (
    select
        quarter,
        count(*) as quarantined_records
    from quarantine
    group by quarter
),

fetched_range as (
    select
        make_date(cast(left(min(quarter), 4) as integer),
                  3 * cast(right(min(quarter), 1) as integer) - 2, 1) as first_start,
        make_date(cast(left(max(quarter), 4) as integer),
                  3 * cast(right(max(quarter), 1) as integer) - 2, 1) as last_start
    from raw_fetches
    where regexp_full_match(quarter, '[0-9]{4}Q[1-4]')
),

fetched_span as (
    select year(quarter_start) || 'Q' || quarter(quarter_start) as quarter
    from fetched_range,
        unnest(generate_series(first_start, last_start, interval 3 month)) as t(quarter_start)
    where first_start is not null
),

quarters as (
    select quarter from raw_counts
    union
    select quarter from report_counts
    union
    select quarter from quarantine_counts
    union
    select quarter from raw_fetches
    union
    select quarter from previous
    union
    select quarter from fetched_span
),

final as (
    select
        quarters.quarter,
        raw_fetches.quarter is not null as fetched,
        raw_fetches.api_total,
        coalesce(raw_counts.raw_records, 0) as raw_records,
        coalesce(report_counts.clean_reports, 0) as clean_reports,
        coalesce(quarantine_counts.quarantined_records, 0) as quarantined_records,
        coalesce(report_counts.clean_reports, 0)
            + coalesce(quarantine_counts.quarantined_records, 0) as accounted_records,
        coalesce(raw_counts.lost_records, 0) as lost_records,
        coalesce(raw_counts.double_records, 0) as double_records,
        previous.previous_reports,
        case
            when previous.previous_reports > 0
                then coalesce(report_counts.clean_reports, 0) / previous.previous_reports
        end as report_ratio,
        coalesce(previous.previous_reports > 0
            and coalesce(report_counts.clean_reports, 0) = 0, false) as vanished
    from quarters
    left join raw_fetches on raw_fetches.quarter = quarters.quarter
    left join raw_counts on raw_counts.quarter = quarters.quarter
    left join report_counts on report_counts.quarter = quarters.quarter
    left join quarantine_counts on quarantine_counts.quarter = quarters.quarter
    left join previous on previous.quarter = quarters.quarter
)

select
    quarter,
    fetched,
    api_total,
    raw_records,
    clean_reports,
    quarantined_records,
    accounted_records,
    lost_records,
    double_records,
    previous_reports,
    report_ratio,
    vanished
from final
order by quarter
