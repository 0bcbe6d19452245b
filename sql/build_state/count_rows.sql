-- Rows of one table of the build database ($table_name), for the metadata of a kept stage.
select count(*) from query_table($table_name)
