-- The quarters of the kept versions, in order: the slices the case tables are filled by, one
-- insert per quarter (files_model.kept_quarters). A quarter without a kept version holds no
-- row of a case table.
select distinct quarter
from staging.int_files_kept_versions
order by quarter;
