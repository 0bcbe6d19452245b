-- The case set's funnel, one row per quarter, in the order ketamine_faers.files_model reads it.
select
    quarter,
    rows_read_demo,
    rows_read_drug,
    rows_read_reac,
    rows_read_outc,
    rows_read_rpsr,
    rows_read_ther,
    rows_read_indi,
    rows_quarantined,
    exact_duplicate_rows,
    demo_exact_duplicates,
    versions_read,
    versions_superseded,
    republished_copies,
    deleted_removed,
    versions_without_caseid,
    cases_kept
from main.funnel
order by quarter;
