-- The profile charts of the category pages in one long table: seriousness, outcomes, routes,
-- reporters, sex and age group, per product, exposure, category (or the 'all reports'
-- baseline) and scope, with each label's reports, the group's reports and the share.
--
-- Rules
--   * Each row comes unchanged from its mart, except sex and age group: mart_demographics
--     crosses them, so sex sums over age groups and age group sums over sexes (each report is
--     in exactly one of each, so the shares still add up to 1).
--   * label_order fixes the display order where the labels have one (seriousness criteria,
--     sex, age groups); otherwise it is NULL and the charts order by reports.
with

seriousness as (
    select
        'seriousness' as chart,
        product,
        exposure,
        category,
        scope,
        criterion as label,
        criterion_order as label_order,
        reports,
        group_reports,
        share
    from main.mart_seriousness
),

outcomes as (
    select
        'outcomes' as chart,
        product,
        exposure,
        category,
        scope,
        outcome as label,
        cast(null as integer) as label_order,
        reports,
        group_reports,
        share
    from main.mart_outcomes
),

routes as (
    select
        'routes' as chart,
        product,
        exposure,
        category,
        scope,
        route as label,
        cast(null as integer) as label_order,
        reports,
        group_reports,
        share
    from main.mart_routes
),

reporters as (
    select
        'reporters' as chart,
        product,
        exposure,
        category,
        scope,
        reporter_qualification as label,
        cast(null as integer) as label_order,
        reports,
        group_reports,
        share
    from main.mart_reporters
),

sex as (
    select
        'sex' as chart,
        product,
        exposure,
        category,
        scope,
        sex as label,
        case sex when 'female' then 1 when 'male' then 2 else 3 end as label_order,
        sum(reports) as reports,
        max(group_reports) as group_reports,
        sum(reports) / max(group_reports) as share
    from main.mart_demographics
    group by product, exposure, category, scope, sex
),

age_groups as (
    select
        'age_groups' as chart,
        product,
        exposure,
        category,
        scope,
        age_group as label,
        case age_group
            when 'neonate' then 1
            when 'infant' then 2
            when 'child' then 3
            when 'adolescent' then 4
            when 'adult' then 5
            when 'elderly' then 6
            else 7
        end as label_order,
        sum(reports) as reports,
        max(group_reports) as group_reports,
        sum(reports) / max(group_reports) as share
    from main.mart_demographics
    group by product, exposure, category, scope, age_group
),

final as (
    select * from seriousness
    union all
    select * from outcomes
    union all
    select * from routes
    union all
    select * from reporters
    union all
    select * from sex
    union all
    select * from age_groups
)

select
    chart,
    product,
    exposure,
    category,
    scope,
    label,
    label_order,
    cast(reports as bigint) as reports,
    cast(group_reports as bigint) as group_reports,
    share
from final
order by chart, product, exposure, category, scope, label_order, reports desc, label;
