-- mart_reporters: per product, exposure, effect category and scope, reports by the primary
-- reporter's qualification (physician, pharmacist, consumer...), beside all the product's
-- reports (category 'all reports').
--
-- Rules
--   * reporter_qualification is the clean label; a missing one is 'not reported'.
--   * Each report counts once, so the shares of a group add up to 1.
--   * Probable duplicates are left out.

create or replace table mart_reporters as
with

reports as (
    select
        safetyreportid,
        coalesce(reporter_qualification, 'not reported') as reporter_qualification
    from main.reports
),

report_groups as (
    select
        safetyreportid,
        product,
        exposure,
        category,
        scope
    from int_report_groups
),

counts as (
    select
        report_groups.product,
        report_groups.exposure,
        report_groups.category,
        report_groups.scope,
        reports.reporter_qualification,
        count(*) as reports
    from report_groups
    inner join reports on reports.safetyreportid = report_groups.safetyreportid
    group by all
),

final as (
    select
        product,
        exposure,
        category,
        scope,
        reporter_qualification,
        reports,
        sum(reports) over (partition by product, exposure, category, scope) as group_reports,
        reports / sum(reports) over (partition by product, exposure, category, scope) as share
    from counts
)

select
    product,
    exposure,
    category,
    scope,
    reporter_qualification,
    reports,
    cast(group_reports as bigint) as group_reports,
    share
from final
order by product, exposure, category, scope, reports desc, reporter_qualification;

comment on table mart_reporters is 'Per product, exposure, category (or ''all reports'') and scope: reports by primary reporter qualification. Probable duplicates excluded. Key: product, exposure, category, scope, reporter_qualification.';
comment on column mart_reporters.product is 'ketamine or esketamine.';
comment on column mart_reporters.exposure is '''any role'' or ''suspect only'' (see report_exposures).';
comment on column mart_reporters.category is 'dissociation, hypertension, cognitive, or ''all reports'' (the baseline).';
comment on column mart_reporters.scope is '''narrow'' or ''broad''; the ''all reports'' baseline is repeated under both.';
comment on column mart_reporters.reporter_qualification is 'reports.reporter_qualification label (physician, pharmacist, other health professional, lawyer, consumer), ''not reported'' when missing.';
comment on column mart_reporters.reports is 'Reports of the group from this kind of reporter.';
comment on column mart_reporters.group_reports is 'Reports in the group: the denominator.';
comment on column mart_reporters.share is 'reports / group_reports; the shares of a group add up to 1.';
