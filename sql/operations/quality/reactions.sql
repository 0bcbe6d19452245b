-- Batch of the reactions suite (expectations/reactions.json): one row per reactions row,
-- the columns the suite checks plus facts:
--   has_report    the row's report is in reports (no orphan reaction rows)
--   term_trimmed  the term has no leading or trailing white space (NULL when no term)
with

reactions as (
    select
        safetyreportid,
        reaction_seq,
        term,
        outcome
    from main.reactions
),

reports as (
    select safetyreportid
    from main.reports
),

final as (
    select
        reactions.safetyreportid,
        reactions.reaction_seq,
        reactions.term,
        reactions.outcome,
        not regexp_matches(reactions.term, '^\s|\s$') as term_trimmed,
        reactions.safetyreportid in (select safetyreportid from reports) as has_report
    from reactions
)

select
    safetyreportid,
    reaction_seq,
    term,
    outcome,
    term_trimmed,
    has_report
from final
