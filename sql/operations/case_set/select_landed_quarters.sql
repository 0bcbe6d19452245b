-- The quarters the landing holds anything of, in order: the slices int_files_quarter_rows is
-- filled by, one insert per quarter (files_model.landed_quarters). Every table is asked, not
-- only file_reads: a row read is counted even where its quarter's other tables are empty.
select quarter from staging.stg_faers_files__file_reads
union
select quarter from staging.stg_faers_files__quarantine
union
select quarter from staging.stg_faers_files__deleted
union
select quarter from staging.stg_faers_files__demo
union
select quarter from staging.stg_faers_files__drug
union
select quarter from staging.stg_faers_files__reac
union
select quarter from staging.stg_faers_files__outc
union
select quarter from staging.stg_faers_files__rpsr
union
select quarter from staging.stg_faers_files__ther
union
select quarter from staging.stg_faers_files__indi
order by quarter;
