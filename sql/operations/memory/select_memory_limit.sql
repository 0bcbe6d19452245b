-- DuckDB's memory limit now, to set it back after a step held to its own (memory_limits.held_to).
select current_setting('memory_limit') as memory_limit;
