-- mart_effects_by_quarter: per quarter, product and exposure, how many reports fall in each
-- effect category (narrow and broad scope) and their share of all the product's reports.
--
-- Rules
--   * Denominator: reports naming the product in the quarter (exposure 'any role') or with the
--     product as a suspect drug ('suspect only'); see report_exposures.
--   * Both come from int_report_groups: the denominator is its 'all reports' group (repeated
--     under each scope), the numerator the category's group in that scope.
--   * Probable duplicates are left out of numerator and denominator.
--   * Every category and scope has a row for every quarter the product has reports in, zero
--     included, so a dashboard line never skips a quarter silently.
--   * Counts are reports, not patients and not incidence.

create or replace table mart_effects_by_quarter as
with

report_groups as (
    select
        safetyreportid,
        product,
        exposure,
        quarter,
        category,
        scope
    from int_report_groups
),

categories as (
    select distinct category from main.effect_terms
),

product_reports as (
    select
        quarter,
        product,
        exposure,
        scope,
        count(*) as product_reports
    from report_groups
    where category = 'all reports'
    group by quarter, product, exposure, scope
),

category_reports as (
    select
        quarter,
        product,
        exposure,
        category,
        scope,
        count(*) as reports
    from report_groups
    where category <> 'all reports'
    group by all
),

grid as (
    select
        product_reports.quarter,
        product_reports.product,
        product_reports.exposure,
        categories.category,
        product_reports.scope,
        product_reports.product_reports
    from product_reports
    cross join categories
),

final as (
    select
        grid.quarter,
        make_date(
            cast(left(grid.quarter, 4) as integer),
            3 * (cast(right(grid.quarter, 1) as integer) - 1) + 1,
            1
        ) as quarter_start,
        grid.product,
        grid.exposure,
        grid.category,
        grid.scope,
        coalesce(category_reports.reports, 0) as reports,
        grid.product_reports,
        coalesce(category_reports.reports, 0) / grid.product_reports as share
    from grid
    left join category_reports
        on category_reports.quarter = grid.quarter
        and category_reports.product = grid.product
        and category_reports.exposure = grid.exposure
        and category_reports.category = grid.category
        and category_reports.scope = grid.scope
)

select
    quarter,
    quarter_start,
    product,
    exposure,
    category,
    scope,
    reports,
    product_reports,
    share
from final
order by quarter, product, exposure, category, scope;

comment on table mart_effects_by_quarter is 'Per quarter, product, exposure, effect category and scope: reports in the category and their share of the product''s reports. Probable duplicates excluded. Key: quarter, product, exposure, category, scope. Reports, not incidence.';
comment on column mart_effects_by_quarter.quarter is 'Quarter of receivedate, e.g. ''2021Q1''.';
comment on column mart_effects_by_quarter.quarter_start is 'First day of the quarter (for time axes).';
comment on column mart_effects_by_quarter.product is 'ketamine or esketamine.';
comment on column mart_effects_by_quarter.exposure is '''any role'' or ''suspect only'' (see report_exposures).';
comment on column mart_effects_by_quarter.category is 'dissociation, hypertension or cognitive.';
comment on column mart_effects_by_quarter.scope is '''narrow'' (core terms) or ''broad'' (core and related terms).';
comment on column mart_effects_by_quarter.reports is 'Reports of the product in the quarter that fall in the category and scope.';
comment on column mart_effects_by_quarter.product_reports is 'All reports of the product (this exposure) in the quarter: the denominator.';
comment on column mart_effects_by_quarter.share is 'reports / product_reports, between 0 and 1.';
