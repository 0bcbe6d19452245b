-- The quarters of the attached landing (files_landing.duckdb), in order: the slices the case
-- tables are filled by, one insert per quarter (files_model.landed_quarters).
select distinct quarter
from landing.file_reads
order by quarter;
