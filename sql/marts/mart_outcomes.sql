-- mart_outcomes: per product, exposure, effect category and scope, the outcomes FAERS records
-- for the reactions that put the reports in the category, beside the outcomes of all the
-- product's reactions (category 'all reports').
--
-- Rules
--   * Groups come from int_report_groups. For a category, only the reactions whose term is in
--     the category's scope count (int_report_group_terms: the outcome of the dissociation, not
--     of an unrelated fracture on the same report). For the baseline, every reaction of the
--     product's reports counts.
--   * reports = reports with at least one such reaction with that outcome; a report with two
--     outcomes counts under both, so shares can add up to more than 1.
--   * A missing outcome is shown as 'not reported'. Probable duplicates are left out.

create or replace table mart_outcomes as
with

baseline_groups as (
    select
        safetyreportid,
        product,
        exposure,
        category,
        scope
    from int_report_groups
    where category = 'all reports'
),

report_terms as (
    select
        safetyreportid,
        product,
        exposure,
        category,
        scope,
        term_key
    from int_report_group_terms
),

reactions as (
    select
        safetyreportid,
        reaction_seq,
        lower(trim(term)) as term_key,
        coalesce(outcome, 'not reported') as outcome
    from main.reactions
    where term is not null
),

group_reactions as (
    select
        baseline_groups.product,
        baseline_groups.exposure,
        baseline_groups.category,
        baseline_groups.scope,
        reactions.safetyreportid,
        reactions.reaction_seq,
        reactions.outcome
    from baseline_groups
    inner join reactions on reactions.safetyreportid = baseline_groups.safetyreportid
    union all
    select
        report_terms.product,
        report_terms.exposure,
        report_terms.category,
        report_terms.scope,
        reactions.safetyreportid,
        reactions.reaction_seq,
        reactions.outcome
    from report_terms
    inner join reactions
        on reactions.safetyreportid = report_terms.safetyreportid
        and reactions.term_key = report_terms.term_key
),

group_sizes as (
    select
        product,
        exposure,
        category,
        scope,
        count(distinct safetyreportid) as group_reports
    from group_reactions
    group by all
),

outcome_counts as (
    select
        product,
        exposure,
        category,
        scope,
        outcome,
        count(*) as reactions,
        count(distinct safetyreportid) as reports
    from group_reactions
    group by all
),

final as (
    select
        outcome_counts.product,
        outcome_counts.exposure,
        outcome_counts.category,
        outcome_counts.scope,
        outcome_counts.outcome,
        outcome_counts.reactions,
        outcome_counts.reports,
        group_sizes.group_reports,
        outcome_counts.reports / group_sizes.group_reports as share
    from outcome_counts
    inner join group_sizes
        on group_sizes.product = outcome_counts.product
        and group_sizes.exposure = outcome_counts.exposure
        and group_sizes.category = outcome_counts.category
        and group_sizes.scope = outcome_counts.scope
)

select
    product,
    exposure,
    category,
    scope,
    outcome,
    reactions,
    reports,
    group_reports,
    share
from final
order by product, exposure, category, scope, reports desc, outcome;

comment on table mart_outcomes is 'Per product, exposure, category (or ''all reports'') and scope: outcomes of the reactions in the category (all reactions for the baseline). Probable duplicates excluded. Key: product, exposure, category, scope, outcome.';
comment on column mart_outcomes.product is 'ketamine or esketamine.';
comment on column mart_outcomes.exposure is '''any role'' or ''suspect only'' (see report_exposures).';
comment on column mart_outcomes.category is 'dissociation, hypertension, cognitive, or ''all reports'' (every reaction of the product''s reports).';
comment on column mart_outcomes.scope is '''narrow'' or ''broad''; the ''all reports'' baseline is repeated under both.';
comment on column mart_outcomes.outcome is 'Reaction outcome label (reactions.outcome), ''not reported'' when missing.';
comment on column mart_outcomes.reactions is 'Reactions of the group with this outcome.';
comment on column mart_outcomes.reports is 'Reports with at least one such reaction with this outcome.';
comment on column mart_outcomes.group_reports is 'Reports in the group: the denominator.';
comment on column mart_outcomes.share is 'reports / group_reports; a report with several outcomes counts under each.';
