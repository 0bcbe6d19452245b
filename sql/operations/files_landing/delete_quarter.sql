-- Deletes one quarter from every landing table (run in the landing's transaction, before the
-- quarter's rows go in: re-landing never duplicates, a failure never half-replaces).
DELETE FROM main.demo WHERE quarter = $quarter;
DELETE FROM main.drug WHERE quarter = $quarter;
DELETE FROM main.reac WHERE quarter = $quarter;
DELETE FROM main.outc WHERE quarter = $quarter;
DELETE FROM main.rpsr WHERE quarter = $quarter;
DELETE FROM main.ther WHERE quarter = $quarter;
DELETE FROM main.indi WHERE quarter = $quarter;
DELETE FROM main.deleted WHERE quarter = $quarter;
DELETE FROM main.quarantine WHERE quarter = $quarter;
DELETE FROM main.file_reads WHERE quarter = $quarter;
