-- The temporary tables of one quarter's read, dropped once it is landed (or failed).
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
DROP TABLE IF EXISTS files_read;
DROP TABLE IF EXISTS files_lines;
DROP TABLE IF EXISTS files_rejects;
DROP TABLE IF EXISTS files_reject_scans;
