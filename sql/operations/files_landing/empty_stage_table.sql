-- Empties a staging table once its rows are landed: the staging tables are made once per
-- connection (select_stage_tables.sql) and kept, empty, for its next quarter.
DELETE FROM {stage_table};
