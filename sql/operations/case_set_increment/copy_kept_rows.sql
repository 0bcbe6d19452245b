-- An earlier quarter's ($quarter) rows of the affected cases' kept versions into the add's
-- `landing` (its kept_<table> tables, create_scratch_landing.sql): the DEMO line of each kept
-- version, and every child row of its primaryid in that quarter (exact duplicates share the
-- primaryid, so they come along and count once, as in a full build). primaryid_text is
-- staging.files_text(primaryid), as in the staging views. The quarter filter is a constant,
-- so DuckDB reads only that quarter's row groups.
insert into landing.kept_demo
select landed_demo.*
from landed.demo as landed_demo
semi join staging.int_files_version_fates as kept
    on kept.fate = 'kept'
    and landed_demo.quarter = kept.quarter
    and landed_demo.file_name = kept.file_name
    and landed_demo.line_no = kept.line_no
where landed_demo.quarter = $quarter;

-- The six child tables share one rule: every row of the quarter whose primaryid is that of a
-- kept version of the quarter (the macro runs once per statement, not per quarter).
create or replace macro staging.increment_kept_child_rows(landed_table, for_quarter) as table
select *
from query_table(landed_table)
where quarter = for_quarter
    and staging.files_text(primaryid) in (
        select primaryid_text from staging.int_files_kept_versions where quarter = for_quarter
    );

insert into landing.kept_drug
select * from staging.increment_kept_child_rows('landed.drug', $quarter);

insert into landing.kept_reac
select * from staging.increment_kept_child_rows('landed.reac', $quarter);

insert into landing.kept_outc
select * from staging.increment_kept_child_rows('landed.outc', $quarter);

insert into landing.kept_rpsr
select * from staging.increment_kept_child_rows('landed.rpsr', $quarter);

insert into landing.kept_ther
select * from staging.increment_kept_child_rows('landed.ther', $quarter);

insert into landing.kept_indi
select * from staging.increment_kept_child_rows('landed.indi', $quarter);
