-- Inserts one landing table's staged rows (run in the landing's transaction, after
-- delete_quarter.sql took out the quarter's previous rows).
INSERT INTO main.{landing_table} SELECT * FROM {stage_table};
