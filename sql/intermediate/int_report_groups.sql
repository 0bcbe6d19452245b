-- int_report_groups: which report falls in which mart group, built once for every mart that
-- counts by group (seriousness, routes, demographics, reporters, outcomes, effects by quarter,
-- top terms, co-reported terms) instead of in each.
--
-- Rules
--   * A group is (product, exposure, category, scope); one row per report and group.
--   * Category 'all reports' holds every report of the product, repeated under both scopes so
--     that filtering on one scope keeps the baseline. Marts without a baseline filter it out.
--   * A category holds its reports of effect_reports: all of them in scope 'broad', those with
--     a narrow (core) term in scope 'narrow'.
--   * int_report_group_terms has the same groups with one row per effect term;
--     int_scoped_terms the term list in each scope.
--   * quarter: the report's quarter, for the marts over time.
--   * Probable duplicates are left out.
-- A temporary table: an intermediate step of the build, never published.

create or replace temp table int_report_groups as
with

exposures as (
    select
        safetyreportid,
        product,
        exposure,
        quarter
    from main.report_exposures
    where not is_probable_duplicate
),

effect_reports as (
    select
        safetyreportid,
        category,
        narrow
    from main.effect_reports
),

scopes as (
    select scope from (values ('narrow'), ('broad')) as scopes(scope)
),

report_groups as (
    select exposures.safetyreportid, exposures.product, exposures.exposure, exposures.quarter,
        'all reports' as category, scopes.scope
    from exposures
    cross join scopes
    union all
    select exposures.safetyreportid, exposures.product, exposures.exposure, exposures.quarter,
        effect_reports.category, 'broad' as scope
    from exposures
    inner join effect_reports on effect_reports.safetyreportid = exposures.safetyreportid
    union all
    select exposures.safetyreportid, exposures.product, exposures.exposure, exposures.quarter,
        effect_reports.category, 'narrow' as scope
    from exposures
    inner join effect_reports on effect_reports.safetyreportid = exposures.safetyreportid
    where effect_reports.narrow
)

select
    safetyreportid,
    product,
    exposure,
    quarter,
    category,
    scope
from report_groups;
