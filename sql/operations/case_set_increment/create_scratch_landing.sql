-- The add's `landing`: what the stg_faers_files__* views read, restricted to what the add
-- needs. Each table of the landing is a view of its rows of the new quarters ($new_quarters;
-- DuckDB pushes the quarter into the scan, so only their row groups are read) and, for the
-- DEMO and child tables, of the earlier rows of the kept versions the add touches, copied
-- into kept_<table> later (copy_kept_rows.sql). Same columns in the same order as the
-- landing's, so a row hashes as it does there (row_hash of the staging views).
create table landing.new_quarters as
select unnest($new_quarters::varchar[]) as quarter;

create table landing.kept_demo as from landed.demo with no data;
create table landing.kept_drug as from landed.drug with no data;
create table landing.kept_reac as from landed.reac with no data;
create table landing.kept_outc as from landed.outc with no data;
create table landing.kept_rpsr as from landed.rpsr with no data;
create table landing.kept_ther as from landed.ther with no data;
create table landing.kept_indi as from landed.indi with no data;

create view landing.demo as
select * from landed.demo where quarter in (select quarter from landing.new_quarters)
union all
select * from landing.kept_demo;

create view landing.drug as
select * from landed.drug where quarter in (select quarter from landing.new_quarters)
union all
select * from landing.kept_drug;

create view landing.reac as
select * from landed.reac where quarter in (select quarter from landing.new_quarters)
union all
select * from landing.kept_reac;

create view landing.outc as
select * from landed.outc where quarter in (select quarter from landing.new_quarters)
union all
select * from landing.kept_outc;

create view landing.rpsr as
select * from landed.rpsr where quarter in (select quarter from landing.new_quarters)
union all
select * from landing.kept_rpsr;

create view landing.ther as
select * from landed.ther where quarter in (select quarter from landing.new_quarters)
union all
select * from landing.kept_ther;

create view landing.indi as
select * from landed.indi where quarter in (select quarter from landing.new_quarters)
union all
select * from landing.kept_indi;

create view landing.deleted as
select * from landed.deleted where quarter in (select quarter from landing.new_quarters);

create view landing.quarantine as
select * from landed.quarantine where quarter in (select quarter from landing.new_quarters);

create view landing.file_reads as
select * from landed.file_reads where quarter in (select quarter from landing.new_quarters);
