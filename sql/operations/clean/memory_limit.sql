-- DuckDB's memory limit now, to set it back after the clean build.
select current_setting('memory_limit') as memory_limit;
