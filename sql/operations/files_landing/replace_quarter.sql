-- Replaces one quarter in every landing table by the staged rows (run inside one
-- transaction by the landing): re-landing never duplicates, a failure never half-replaces.
DELETE FROM main.demo WHERE quarter = $quarter;
INSERT INTO main.demo SELECT * FROM files_stage_demo;
DELETE FROM main.drug WHERE quarter = $quarter;
INSERT INTO main.drug SELECT * FROM files_stage_drug;
DELETE FROM main.reac WHERE quarter = $quarter;
INSERT INTO main.reac SELECT * FROM files_stage_reac;
DELETE FROM main.outc WHERE quarter = $quarter;
INSERT INTO main.outc SELECT * FROM files_stage_outc;
DELETE FROM main.rpsr WHERE quarter = $quarter;
INSERT INTO main.rpsr SELECT * FROM files_stage_rpsr;
DELETE FROM main.ther WHERE quarter = $quarter;
INSERT INTO main.ther SELECT * FROM files_stage_ther;
DELETE FROM main.indi WHERE quarter = $quarter;
INSERT INTO main.indi SELECT * FROM files_stage_indi;
DELETE FROM main.deleted WHERE quarter = $quarter;
INSERT INTO main.deleted SELECT * FROM files_stage_deleted;
DELETE FROM main.quarantine WHERE quarter = $quarter;
INSERT INTO main.quarantine SELECT * FROM files_stage_quarantine;
DELETE FROM main.file_reads WHERE quarter = $quarter;
INSERT INTO main.file_reads SELECT * FROM files_stage_file_reads;
