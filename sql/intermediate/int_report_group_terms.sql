-- int_report_group_terms: the groups of int_report_groups at the grain of the effect term, for
-- the marts that count terms or their reactions (top terms, outcomes, co-reported terms).
--
-- Rules
--   * One row per report, group (product, exposure, category, scope) and term of the category
--     in that scope that the report carries: effect_reports.terms in scope 'broad',
--     narrow_terms in scope 'narrow'. The groups, their scopes and the leaving out of probable
--     duplicates are those of int_report_groups; 'all reports' has no terms, so no rows here.
--   * term_key (effect_terms) is what a reaction matches: lower(trim(reactions.term)).
-- A temporary view: an intermediate step of the build, never published. A view, not a table:
-- each of its three marts reads it once, and holding the rows cost 100 MiB per 100,000 raw
-- records (benchmarks/RESULTS.md).

create or replace temp view int_report_group_terms as
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

effect_reports as (
    select
        safetyreportid,
        category,
        terms,
        narrow_terms
    from main.effect_reports
),

effect_terms as (
    select
        term,
        term_key
    from main.effect_terms
),

group_terms as (
    select
        report_groups.safetyreportid,
        report_groups.product,
        report_groups.exposure,
        report_groups.category,
        report_groups.scope,
        unnest(
            case report_groups.scope
                when 'narrow' then effect_reports.narrow_terms
                else effect_reports.terms
            end
        ) as term
    from report_groups
    inner join effect_reports
        on effect_reports.safetyreportid = report_groups.safetyreportid
        and effect_reports.category = report_groups.category
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
