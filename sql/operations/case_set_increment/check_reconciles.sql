-- In the add's transaction, before it commits: the new funnel reconciles in every quarter
-- and its cases kept are the rows of main.cases (as CaseSetResult.reconciles).
select
    coalesce(bool_and(reconciles), true) as quarters_reconcile,
    coalesce(sum(cases_kept), 0) as cases_kept,
    (select count(*) from case_set.main.cases) as case_rows
from case_set.main.funnel;
