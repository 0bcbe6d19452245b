-- The text of some lines ($line_nos, 1-based, the header is line 1) of one file ($path) of the
-- whole-line scan: the lines DuckDB rejected that select_lines_to_repair.sql did not give.
SELECT line_no, coalesce(line, '') AS line
FROM (
    SELECT row_number() OVER (ORDER BY rowid) + 1 AS line_no, line
    FROM files_lines
    WHERE filename = $path
)
WHERE line_no IN (SELECT unnest($line_nos::BIGINT[]))
ORDER BY line_no;
