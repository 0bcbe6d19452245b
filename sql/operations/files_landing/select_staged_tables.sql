-- How many rows each staging table holds: only those with rows are inserted into their landing
-- table (insert_staged_rows.sql) and emptied afterwards (empty_stage_table.sql).
SELECT 'demo' AS table_name, count(*) AS staged FROM files_stage_demo
UNION ALL SELECT 'drug', count(*) FROM files_stage_drug
UNION ALL SELECT 'reac', count(*) FROM files_stage_reac
UNION ALL SELECT 'outc', count(*) FROM files_stage_outc
UNION ALL SELECT 'rpsr', count(*) FROM files_stage_rpsr
UNION ALL SELECT 'ther', count(*) FROM files_stage_ther
UNION ALL SELECT 'indi', count(*) FROM files_stage_indi
UNION ALL SELECT 'deleted', count(*) FROM files_stage_deleted
UNION ALL SELECT 'quarantine', count(*) FROM files_stage_quarantine
UNION ALL SELECT 'file_reads', count(*) FROM files_stage_file_reads;
