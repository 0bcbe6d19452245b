-- Batch of the faers_files_quarters suite (expectations/faers_files_quarters.json): one row per
-- landed quarter of FDA's files with its funnel (faers_files.quarters).
select
    quarter,
    era,
    versions_read,
    cases_kept,
    versions_superseded,
    deleted_removed,
    versions_without_caseid,
    rows_quarantined,
    reconciles
from faers_files.quarters;
