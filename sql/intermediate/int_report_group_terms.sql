-- int_report_group_terms: the groups of int_report_groups at the grain of the effect term, for
-- the marts that count terms or their reactions (top terms, outcomes, co-reported terms).
--
-- Rules
--   * One row per report, group (product, exposure, category, scope) and term of the category
--     in that scope that the report carries: int_report_groups.terms, one term a row. The
--     groups, their scopes and the leaving out of probable duplicates are those of
--     int_report_groups; 'all reports' has no terms, so no rows here.
--   * term_key (effect_terms) is what a reaction matches: lower(trim(reactions.term)).
-- A temporary table: an intermediate step of the build, never published.

create or replace temp table int_report_group_terms as
with

report_groups as (
    select
        safetyreportid,
        product,
        exposure,
        category,
        scope,
        terms
    from int_report_groups
),

effect_terms as (
    select
        term,
        term_key
    from main.effect_terms
),

group_terms as (
    select
        safetyreportid,
        product,
        exposure,
        category,
        scope,
        unnest(terms) as term
    from report_groups
),

final as (
    select
        group_terms.safetyreportid,
        group_terms.product,
        group_terms.exposure,
        group_terms.category,
        group_terms.scope,
        group_terms.term,
        effect_terms.term_key
    from group_terms
    inner join effect_terms on effect_terms.term = group_terms.term
)

select
    safetyreportid,
    product,
    exposure,
    category,
    scope,
    term,
    term_key
from final;
