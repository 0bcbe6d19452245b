-- The build-only `staging` database of the case set: an in-memory catalog for the macros, the
-- stg_faers_files__* views and the int_files_* tables (DuckDB spills it to the case set's
-- temporary folder past its memory limit). Detached at the end, so case_set.duckdb holds only
-- the case-set tables.
attach ':memory:' as staging;
