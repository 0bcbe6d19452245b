-- Batch of the effect_reports suite (expectations/effect_reports.json): every effect_reports
-- row, side by side with the row the reactions say should be there (full outer join on the
-- key), so GX can judge both directions. The expected side is derived independently from
-- reactions and effect_terms: a report is in a category when one of its reactions, trimmed
-- and case-folded, is a term of the category (effect_terms.term_key).
--
-- Facts:
--   in_effect_reports  the (report, category) row exists in effect_reports
--   expected           a reaction of the report (which exists) matches a category term
--   terms, expected_terms    matching terms as text (' | ' separated, sorted)
--   narrow, expected_narrow  a narrow (core) term matched
--   report_quarter     the quarter of the report in reports
--   has_report         the report exists in reports
with

effect_reports as (
    select
        safetyreportid,
        category,
        narrow,
        terms,
        quarter
    from main.effect_reports
),

reports as (
    select
        safetyreportid,
        min(quarter) as quarter
    from main.reports
    group by safetyreportid
),

reactions as (
    select
        safetyreportid,
        term
    from main.reactions
    where term is not null
),

effect_terms as (
    select
        category,
        term,
        term_key,
        scope
    from main.effect_terms
),

expected as (
    select
        reactions.safetyreportid,
        effect_terms.category,
        array_to_string(list_sort(list(distinct effect_terms.term)), ' | ') as expected_terms,
        bool_or(effect_terms.scope = 'narrow') as expected_narrow
    from reactions
    inner join effect_terms on lower(trim(reactions.term)) = effect_terms.term_key
    where reactions.safetyreportid in (select safetyreportid from reports)
    group by reactions.safetyreportid, effect_terms.category
),

actual as (
    select
        safetyreportid,
        category,
        narrow,
        array_to_string(list_sort(list_distinct(terms)), ' | ') as terms,
        quarter
    from effect_reports
),

final as (
    select
        coalesce(actual.safetyreportid, expected.safetyreportid) as safetyreportid,
        coalesce(actual.category, expected.category) as category,
        actual.safetyreportid is not null as in_effect_reports,
        expected.safetyreportid is not null as expected,
        actual.terms,
        expected.expected_terms,
        actual.narrow,
        expected.expected_narrow,
        actual.quarter,
        reports.quarter as report_quarter,
        reports.safetyreportid is not null as has_report
    from actual
    full outer join expected
        on expected.safetyreportid = actual.safetyreportid
        and expected.category = actual.category
    left join reports
        on reports.safetyreportid = coalesce(actual.safetyreportid, expected.safetyreportid)
)

select
    safetyreportid,
    category,
    in_effect_reports,
    expected,
    terms,
    expected_terms,
    narrow,
    expected_narrow,
    quarter,
    report_quarter,
    has_report
from final
