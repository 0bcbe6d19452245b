-- Rows of main.source_reconciliation per status, for ketamine_faers.files_tables' result.
select
    status,
    count(*) as cases
from main.source_reconciliation
group by status
order by status;
