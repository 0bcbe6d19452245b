-- One quarter's rows are read into temporary copies of the landing tables first, so the
-- landing database changes only in the one transaction that swaps the quarter in.
CREATE OR REPLACE TEMP TABLE files_stage_demo AS SELECT * FROM main.demo LIMIT 0;
CREATE OR REPLACE TEMP TABLE files_stage_drug AS SELECT * FROM main.drug LIMIT 0;
CREATE OR REPLACE TEMP TABLE files_stage_reac AS SELECT * FROM main.reac LIMIT 0;
CREATE OR REPLACE TEMP TABLE files_stage_outc AS SELECT * FROM main.outc LIMIT 0;
CREATE OR REPLACE TEMP TABLE files_stage_rpsr AS SELECT * FROM main.rpsr LIMIT 0;
CREATE OR REPLACE TEMP TABLE files_stage_ther AS SELECT * FROM main.ther LIMIT 0;
CREATE OR REPLACE TEMP TABLE files_stage_indi AS SELECT * FROM main.indi LIMIT 0;
CREATE OR REPLACE TEMP TABLE files_stage_deleted AS SELECT * FROM main.deleted LIMIT 0;
CREATE OR REPLACE TEMP TABLE files_stage_quarantine AS SELECT * FROM main.quarantine LIMIT 0;
CREATE OR REPLACE TEMP TABLE files_stage_file_reads AS SELECT * FROM main.file_reads LIMIT 0;
