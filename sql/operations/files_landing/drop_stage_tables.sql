-- Every temporary table of the landing, dropped when a quarter failed (the next quarter makes
-- the staging tables again); after a landed quarter they are emptied (empty_stage_table.sql).
DROP TABLE IF EXISTS files_stage_demo;
DROP TABLE IF EXISTS files_stage_drug;
DROP TABLE IF EXISTS files_stage_reac;
DROP TABLE IF EXISTS files_stage_outc;
DROP TABLE IF EXISTS files_stage_rpsr;
DROP TABLE IF EXISTS files_stage_ther;
DROP TABLE IF EXISTS files_stage_indi;
DROP TABLE IF EXISTS files_stage_deleted;
DROP TABLE IF EXISTS files_stage_quarantine;
DROP TABLE IF EXISTS files_stage_file_reads;
DROP TABLE IF EXISTS files_read_demo;
DROP TABLE IF EXISTS files_read_drug;
DROP TABLE IF EXISTS files_read_reac;
DROP TABLE IF EXISTS files_read_outc;
DROP TABLE IF EXISTS files_read_rpsr;
DROP TABLE IF EXISTS files_read_ther;
DROP TABLE IF EXISTS files_read_indi;
DROP TABLE IF EXISTS files_lines;
DROP TABLE IF EXISTS files_rejects;
DROP TABLE IF EXISTS files_reject_scans;
