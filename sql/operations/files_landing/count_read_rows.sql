-- How many rows DuckDB read from the file just read.
SELECT count(*) FROM files_read;
