-- The build-only `staging` database: the macros, the stg_faers_files__* views and the
-- int_files_* tables. The case set (files_model.build_case_set) gives it a file of its own
-- beside the one being built, removed afterwards: at FAERS's real size the intermediate tables
-- hold tens of millions of rows, which an in-memory catalog keeps uncompressed and spills to
-- the temporary folder past the memory limit, leaving the case tables' steps no room
-- (benchmarks/RESULTS.md). The files tables (files_tables) hold only macros and views there and
-- pass ':memory:'. Detached at the end, so neither database keeps it.
attach $staging_db as staging;
