-- The memory limit past which DuckDB spills to disk (clean_model.clean_memory_limit,
-- files_model.case_set_memory_limit).
set memory_limit = $limit;
