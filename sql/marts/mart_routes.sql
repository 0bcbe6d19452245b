-- mart_routes: per product, exposure, effect category and scope, the routes by which the
-- product itself was given, beside all the product's reports (category 'all reports').
--
-- Rules
--   * Only the product's own drug entries count (drugs.product = the product); for exposure
--     'suspect only', only its suspect entries. A concomitant drug's route never shows here.
--   * reports = reports with at least one such entry by that route; a report listing two
--     routes counts under both, so shares can add up to more than 1.
--   * A missing route is shown as 'not reported'. Probable duplicates are left out.

create or replace table mart_routes as
with

drugs as (
    select
        safetyreportid,
        product,
        role,
        coalesce(route, 'not reported') as route
    from main.drugs
    where product is not null
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

group_sizes as (
    select
        product,
        exposure,
        category,
        scope,
        count(*) as group_reports
    from report_groups
    group by all
),

product_routes as (
    select distinct
        safetyreportid,
        product,
        'any role' as exposure,
        route
    from drugs
    union
    select distinct
        safetyreportid,
        product,
        'suspect only' as exposure,
        route
    from drugs
    where role = 'suspect'
),

route_counts as (
    select
        report_groups.product,
        report_groups.exposure,
        report_groups.category,
        report_groups.scope,
        product_routes.route,
        count(*) as reports
    from report_groups
    inner join product_routes
        on product_routes.safetyreportid = report_groups.safetyreportid
        and product_routes.product = report_groups.product
        and product_routes.exposure = report_groups.exposure
    group by all
),

final as (
    select
        route_counts.product,
        route_counts.exposure,
        route_counts.category,
        route_counts.scope,
        route_counts.route,
        route_counts.reports,
        group_sizes.group_reports,
        route_counts.reports / group_sizes.group_reports as share
    from route_counts
    inner join group_sizes
        on group_sizes.product = route_counts.product
        and group_sizes.exposure = route_counts.exposure
        and group_sizes.category = route_counts.category
        and group_sizes.scope = route_counts.scope
)

select
    product,
    exposure,
    category,
    scope,
    route,
    reports,
    group_reports,
    share
from final
order by product, exposure, category, scope, reports desc, route;

comment on table mart_routes is 'Per product, exposure, category (or ''all reports'') and scope: routes of the product''s own drug entries. Probable duplicates excluded. Key: product, exposure, category, scope, route.';
comment on column mart_routes.product is 'ketamine or esketamine.';
comment on column mart_routes.exposure is '''any role'' or ''suspect only'' (only the product''s suspect entries count).';
comment on column mart_routes.category is 'dissociation, hypertension, cognitive, or ''all reports'' (the baseline).';
comment on column mart_routes.scope is '''narrow'' or ''broad''; the ''all reports'' baseline is repeated under both.';
comment on column mart_routes.route is 'Route label of the product''s drug entry (drugs.route), ''not reported'' when missing.';
comment on column mart_routes.reports is 'Reports of the group with the product given by this route.';
comment on column mart_routes.group_reports is 'Reports in the group: the denominator.';
comment on column mart_routes.share is 'reports / group_reports; a report with several routes counts under each.';
