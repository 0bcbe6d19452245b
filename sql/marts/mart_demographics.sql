-- mart_demographics: per product, exposure, effect category and scope, reports by patient sex
-- and age group, beside all the product's reports (category 'all reports').
--
-- Rules
--   * sex and age_group come from the clean reports table; missing values are 'unknown'.
--   * Each report counts once, in one sex and one age group, so the shares of a group add up
--     to 1. Sum over age_group for sex alone, or over sex for age alone.
--   * Probable duplicates are left out.

create or replace table mart_demographics as
with

reports as (
    select
        safetyreportid,
        coalesce(sex, 'unknown') as sex,
        coalesce(age_group, 'unknown') as age_group
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
        reports.sex,
        reports.age_group,
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
        sex,
        age_group,
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
    sex,
    age_group,
    reports,
    cast(group_reports as bigint) as group_reports,
    share
from final
order by product, exposure, category, scope, sex, age_group;

comment on table mart_demographics is 'Per product, exposure, category (or ''all reports'') and scope: reports by patient sex and age group. Probable duplicates excluded. Key: product, exposure, category, scope, sex, age_group.';
comment on column mart_demographics.product is 'ketamine or esketamine.';
comment on column mart_demographics.exposure is '''any role'' or ''suspect only'' (see report_exposures).';
comment on column mart_demographics.category is 'dissociation, hypertension, cognitive, or ''all reports'' (the baseline).';
comment on column mart_demographics.scope is '''narrow'' or ''broad''; the ''all reports'' baseline is repeated under both.';
comment on column mart_demographics.sex is 'reports.sex: female, male or unknown.';
comment on column mart_demographics.age_group is 'reports.age_group, ''unknown'' when missing.';
comment on column mart_demographics.reports is 'Reports of the group with this sex and age group.';
comment on column mart_demographics.group_reports is 'Reports in the group: the denominator.';
comment on column mart_demographics.share is 'reports / group_reports; the shares of a group add up to 1.';
