-- mart_seriousness: per product, exposure, effect category and scope, how many reports were
-- serious and met each seriousness criterion, beside the same figures for all the product's
-- reports (category 'all reports').
--
-- Rules
--   * Groups: the reports of a category and scope (effect_reports), and the baseline
--     'all reports' = every report of the product, repeated under both scopes so that
--     filtering on one scope keeps the baseline.
--   * A report counts once per criterion it meets; criteria overlap (a death is also serious),
--     so shares of one group do not add up to 1.
--   * Probable duplicates are left out. Every criterion has a row, zero included.

create or replace table mart_seriousness as
with

reports as (
    select
        safetyreportid,
        coalesce(serious, false) as serious,
        coalesce(seriousness_death, false) as seriousness_death,
        coalesce(seriousness_life_threatening, false) as seriousness_life_threatening,
        coalesce(seriousness_hospitalization, false) as seriousness_hospitalization,
        coalesce(seriousness_disabling, false) as seriousness_disabling,
        coalesce(seriousness_congenital_anomaly, false) as seriousness_congenital_anomaly,
        coalesce(seriousness_other, false) as seriousness_other
    from main.reports
),

criteria as (
    select criterion, criterion_order
    from (
        values
            ('serious', 1),
            ('death', 2),
            ('life threatening', 3),
            ('hospitalization', 4),
            ('disabling', 5),
            ('congenital anomaly', 6),
            ('other serious', 7)
    ) as criteria(criterion, criterion_order)
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

report_criteria as (
    select safetyreportid, 'serious' as criterion from reports where serious
    union all
    select safetyreportid, 'death' from reports where seriousness_death
    union all
    select safetyreportid, 'life threatening' from reports where seriousness_life_threatening
    union all
    select safetyreportid, 'hospitalization' from reports where seriousness_hospitalization
    union all
    select safetyreportid, 'disabling' from reports where seriousness_disabling
    union all
    select safetyreportid, 'congenital anomaly' from reports where seriousness_congenital_anomaly
    union all
    select safetyreportid, 'other serious' from reports where seriousness_other
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

criterion_counts as (
    select
        report_groups.product,
        report_groups.exposure,
        report_groups.category,
        report_groups.scope,
        report_criteria.criterion,
        count(*) as reports
    from report_groups
    inner join report_criteria on report_criteria.safetyreportid = report_groups.safetyreportid
    group by all
),

final as (
    select
        group_sizes.product,
        group_sizes.exposure,
        group_sizes.category,
        group_sizes.scope,
        criteria.criterion,
        criteria.criterion_order,
        coalesce(criterion_counts.reports, 0) as reports,
        group_sizes.group_reports,
        coalesce(criterion_counts.reports, 0) / group_sizes.group_reports as share
    from group_sizes
    cross join criteria
    left join criterion_counts
        on criterion_counts.product = group_sizes.product
        and criterion_counts.exposure = group_sizes.exposure
        and criterion_counts.category = group_sizes.category
        and criterion_counts.scope = group_sizes.scope
        and criterion_counts.criterion = criteria.criterion
)

select
    product,
    exposure,
    category,
    scope,
    criterion,
    criterion_order,
    reports,
    group_reports,
    share
from final
order by product, exposure, category, scope, criterion_order;

comment on table mart_seriousness is 'Per product, exposure, category (or ''all reports'') and scope: reports meeting each seriousness criterion and their share of the group. Probable duplicates excluded. Key: product, exposure, category, scope, criterion.';
comment on column mart_seriousness.product is 'ketamine or esketamine.';
comment on column mart_seriousness.exposure is '''any role'' or ''suspect only'' (see report_exposures).';
comment on column mart_seriousness.category is 'dissociation, hypertension, cognitive, or ''all reports'' (every report of the product: the baseline).';
comment on column mart_seriousness.scope is '''narrow'' or ''broad''; the ''all reports'' baseline is repeated under both.';
comment on column mart_seriousness.criterion is 'serious, death, life threatening, hospitalization, disabling, congenital anomaly or other serious (FAERS seriousness criteria).';
comment on column mart_seriousness.criterion_order is 'Display order of the criterion (1 = serious).';
comment on column mart_seriousness.reports is 'Reports of the group meeting the criterion.';
comment on column mart_seriousness.group_reports is 'Reports in the group (product, exposure, category, scope): the denominator.';
comment on column mart_seriousness.share is 'reports / group_reports; criteria overlap, so shares do not add up to 1.';
