-- Cases per status of main.source_reconciliation (both sources, openFDA only, files only).
select
    status,
    count(*) as cases
from main.source_reconciliation
group by status
order by status;
