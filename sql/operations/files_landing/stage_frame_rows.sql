-- Stages rows built in Python (repaired lines, quarantined lines, deleted-case ids, file
-- reads), registered as files_frame, into one staging table by column name.
INSERT INTO {stage_table} BY NAME
SELECT $quarter AS quarter, $era AS era, * FROM files_frame;
