-- The lines of the file just read that DuckDB rejected (1-based, the header is line 1).
SELECT DISTINCT line FROM files_rejects ORDER BY line;
