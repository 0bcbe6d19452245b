-- After a landed quarter: the tables of its reads are dropped (the staging tables are kept,
-- emptied, for the connection's next quarter).
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
