-- Batch of the reactions suite (expectations/reactions.json): one row per reactions row,
-- the columns the suite checks plus has_report (the row's report is in reports).
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
        reactions.safetyreportid in (select safetyreportid from reports) as has_report
    from reactions
)

select
    safetyreportid,
    reaction_seq,
    term,
    outcome,
    has_report
from final
