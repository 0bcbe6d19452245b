-- mart_co_reported_terms: per product, exposure, effect category and scope, the other reaction
-- terms most often reported on the same reports, ranked.
--
-- Rules
--   * Reports: those of the product in the category and scope (int_report_groups, from
--     effect_reports).
--   * Terms: every reaction term on those reports except the category's own terms in that
--     scope (int_scoped_terms); terms of the other categories do appear (hypertension reported with dissociation is worth seeing).
--   * Terms are compared case-insensitively (old reports are upper case) and shown in mixed
--     case when any report spells them so.
--   * rank 1 = most co-reported (ties alphabetically). Probable duplicates are left out.

create or replace table mart_co_reported_terms as
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

scoped_terms as (
    select
        category,
        scope,
        term_key
    from int_scoped_terms
),

reactions as (
    select
        safetyreportid,
        trim(term) as term,
        lower(trim(term)) as term_key
    from main.reactions
    where term is not null
      and trim(term) <> ''
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

display_terms as (
    select
        term_key,
        coalesce(max(term) filter (where term <> upper(term)), max(term)) as term
    from reactions
    group by term_key
),

co_reported as (
    select distinct
        report_groups.product,
        report_groups.exposure,
        report_groups.category,
        report_groups.scope,
        report_groups.safetyreportid,
        reactions.term_key
    from report_groups
    inner join reactions on reactions.safetyreportid = report_groups.safetyreportid
    anti join scoped_terms
        on scoped_terms.term_key = reactions.term_key
        and scoped_terms.category = report_groups.category
        and scoped_terms.scope = report_groups.scope
),

term_counts as (
    select
        product,
        exposure,
        category,
        scope,
        term_key,
        count(*) as reports
    from co_reported
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
            order by term_counts.reports desc, display_terms.term
        ) as rank,
        display_terms.term,
        term_counts.reports,
        group_sizes.group_reports,
        term_counts.reports / group_sizes.group_reports as share
    from term_counts
    inner join display_terms on display_terms.term_key = term_counts.term_key
    inner join group_sizes
        on group_sizes.product = term_counts.product
        and group_sizes.exposure = term_counts.exposure
        and group_sizes.category = term_counts.category
        and group_sizes.scope = term_counts.scope
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

comment on table mart_co_reported_terms is 'Per product, exposure, category and scope: reaction terms (outside the category) most often reported on the category''s reports, ranked. Probable duplicates excluded. Key: product, exposure, category, scope, term.';
comment on column mart_co_reported_terms.product is 'ketamine or esketamine.';
comment on column mart_co_reported_terms.exposure is '''any role'' or ''suspect only'' (see report_exposures).';
comment on column mart_co_reported_terms.category is 'dissociation, hypertension or cognitive: the reports whose other terms are counted.';
comment on column mart_co_reported_terms.scope is '''narrow'' or ''broad'': which of the category''s reports, and which of its terms are left out.';
comment on column mart_co_reported_terms.rank is '1 = most co-reported term; ties in alphabetical order.';
comment on column mart_co_reported_terms.term is 'Reaction term (MedDRA PT), mixed case when available; compared case-insensitively.';
comment on column mart_co_reported_terms.reports is 'Reports of the category carrying this term.';
comment on column mart_co_reported_terms.group_reports is 'Reports of the product in the category and scope: the denominator.';
comment on column mart_co_reported_terms.share is 'reports / group_reports.';
