-- The memory limit past which DuckDB spills to disk (ketamine_faers.memory_limits.hold_to:
-- the clean build, the case set, the files landing).
set memory_limit = $limit;
