-- The funnel's inputs as the state will hold them after the add: every built version but
-- the replaced ones, with the affected versions' new fates; every built quarter's landed
-- rows with the new quarters'. funnel.sql then counts them: a group-by over the state, no
-- landed row read.
create temp table new_fates as
from staging.int_files_version_fates;

drop table staging.int_files_version_fates;

create view staging.int_files_version_fates as
select *
from case_set.increment.versions as built
where not exists (
    select 1
    from replaced_versions as replaced
    where replaced.quarter = built.quarter
        and replaced.file_name = built.file_name
        and replaced.line_no = built.line_no
)
union all by name
select * from new_fates;

drop table staging.int_files_quarter_rows;

create view staging.int_files_quarter_rows as
select * from case_set.increment.quarter_rows
union all by name
select * from new_quarter_rows;
