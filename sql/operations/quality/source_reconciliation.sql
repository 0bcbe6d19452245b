-- Batch of the source_reconciliation suite (expectations/source_reconciliation.json): one row
-- per main.source_reconciliation row, plus
--   status_agrees  status says what in_openfda and in_files say
with

reconciliation as (
    select
        caseid,
        status,
        in_openfda,
        in_files
    from main.source_reconciliation
),

final as (
    select
        caseid,
        status,
        in_openfda,
        in_files,
        status = case
            when in_openfda and in_files then 'both'
            when in_openfda then 'openfda only'
            when in_files then 'files only'
        end as status_agrees
    from reconciliation
)

select caseid, status, in_openfda, in_files, status_agrees
from final;
