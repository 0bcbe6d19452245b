-- mart_top_terms: per product, exposure, effect category and scope, how often each of the
-- category's terms was reported, ranked.
--
-- Rules
--   * Groups and their terms come from int_report_groups and int_report_group_terms: only the
--     category's terms in that scope (effect_terms), matched on the whole term,
--     case-insensitive; shown in MedDRA spelling.
--   * reports = reports of the product with the term; a report with two of the category's
--     terms counts under both, so shares can add up to more than 1.
--   * rank 1 = most reported (ties broken alphabetically). Probable duplicates are left out.

create or replace table mart_top_terms as
with

report_groups as (
    select
        safetyreportid,
        product,
        exposure,
        category,
        scope
    from int_report_groups
    where category <> 'all reports'
),

report_terms as (
    select
        safetyreportid,
        product,
        exposure,
        category,
        scope,
        term
    from int_report_group_terms
),

group_reports as (
    select
        product,
        exposure,
        category,
        scope,
        count(*) as group_reports
    from report_groups
    group by all
),

term_counts as (
    select
        product,
        exposure,
        category,
        scope,
        term,
        count(*) as reports
    from report_terms
    group by all
),

final as (
    select
        term_counts.product,
        term_counts.exposure,
        term_counts.category,
        term_counts.scope,
        row_number() over (
            partition by term_counts.product, term_counts.exposure, term_counts.category,
                term_counts.scope
            order by term_counts.reports desc, term_counts.term
        ) as rank,
        term_counts.term,
        term_counts.reports,
        group_reports.group_reports,
        term_counts.reports / group_reports.group_reports as share
    from term_counts
    inner join group_reports
        on group_reports.product = term_counts.product
        and group_reports.exposure = term_counts.exposure
        and group_reports.category = term_counts.category
        and group_reports.scope = term_counts.scope
)

select
    product,
    exposure,
    category,
    scope,
    rank,
    term,
    reports,
    group_reports,
    share
from final
order by product, exposure, category, scope, rank;

comment on table mart_top_terms is 'Per product, exposure, category and scope: the category''s terms ranked by the number of reports carrying them. Probable duplicates excluded. Key: product, exposure, category, scope, term.';
comment on column mart_top_terms.product is 'ketamine or esketamine.';
comment on column mart_top_terms.exposure is '''any role'' or ''suspect only'' (see report_exposures).';
comment on column mart_top_terms.category is 'dissociation, hypertension or cognitive.';
comment on column mart_top_terms.scope is '''narrow'' (core terms only) or ''broad''.';
comment on column mart_top_terms.rank is '1 = most reported term of the category; ties in alphabetical order.';
comment on column mart_top_terms.term is 'MedDRA preferred term (effect_terms.term spelling).';
comment on column mart_top_terms.reports is 'Reports of the product carrying the term.';
comment on column mart_top_terms.group_reports is 'Reports of the product in the category and scope: the denominator.';
comment on column mart_top_terms.share is 'reports / group_reports; a report with several terms counts under each.';
