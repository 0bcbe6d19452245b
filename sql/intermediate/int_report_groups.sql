-- int_report_groups: which report falls in which profile group, built once for the profile
-- marts (mart_seriousness, mart_routes, mart_demographics, mart_reporters) instead of in each.
-- A group is (product, exposure, category, scope); category 'all reports' holds every report
-- of the product under both scopes, as the baseline. Probable duplicates are left out.
-- A temporary table: an intermediate step of the build, never published.

create or replace temp table int_report_groups as
with

exposures as (
    select
        safetyreportid,
        product,
        exposure
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
    select exposures.safetyreportid, exposures.product, exposures.exposure,
        'all reports' as category, scopes.scope
    from exposures
    cross join scopes
    union all
    select exposures.safetyreportid, exposures.product, exposures.exposure,
        effect_reports.category, 'broad' as scope
    from exposures
    inner join effect_reports on effect_reports.safetyreportid = exposures.safetyreportid
    union all
    select exposures.safetyreportid, exposures.product, exposures.exposure,
        effect_reports.category, 'narrow' as scope
    from exposures
    inner join effect_reports on effect_reports.safetyreportid = exposures.safetyreportid
    where effect_reports.narrow
)

select
    safetyreportid,
    product,
    exposure,
    category,
    scope
from report_groups;
