-- The quarters of the attached landing's DEMO rows (files_landing.duckdb), in order: every
-- kept version is a DEMO row, so these are the slices the case tables are filled by, one
-- insert per quarter (files_model.landed_quarters).
select distinct quarter
from landing.demo
order by quarter;
