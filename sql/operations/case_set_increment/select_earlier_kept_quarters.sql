-- The quarters before the new ones that hold a kept version of an affected case (usually
-- none: a new quarter's version is its case's latest). Their rows of those versions are copied
-- into the add's `landing` (copy_kept_rows.sql).
select distinct quarter
from staging.int_files_kept_versions
where quarter not in (select quarter from landing.new_quarters)
order by quarter;
