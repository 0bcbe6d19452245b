-- Before a quarter's reads: the rejects tables its '$' reads append to start empty.
DROP TABLE IF EXISTS files_rejects;
DROP TABLE IF EXISTS files_reject_scans;
