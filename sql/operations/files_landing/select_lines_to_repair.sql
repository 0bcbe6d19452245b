-- The lines the '$' read cannot be trusted with, for the line-level repair, in every file of
-- the whole-line scan ($paths, each with its header's width in $widths; a width of -1 gives
-- every line): empty lines, and lines whose field count is not the header's width, where
-- legacy files ($legacy) may add exactly one trailing empty field (their trailing '$'). The
-- lines DuckDB rejects are added per file (select_file_lines.sql).
--
-- Line numbers: files_lines holds the files' lines in order, one file after another (its
-- rowid), so a line's number is its rowid less its file's first rowid, plus 2 (the header is
-- line 1). A group-by gives each file's first rowid; a row_number() window over every line
-- gave the same numbers but sorted them all, 2.6 times slower on a 6.3 M-line quarter.
WITH files AS (
    SELECT unnest($paths::VARCHAR[]) AS filename, unnest($widths::BIGINT[]) AS width
),
first_rows AS (
    SELECT filename, min(rowid) AS first_rowid
    FROM files_lines
    GROUP BY filename
),
counted AS (
    SELECT
        filename,
        rowid AS row_id,
        line,
        length(line) - length(replace(line, '$', '')) + 1 AS fields
    FROM files_lines
),
flagged AS (
    SELECT counted.filename, counted.row_id, counted.line
    FROM counted
    JOIN files USING (filename)
    WHERE counted.line IS NULL
        OR NOT (
            counted.fields = files.width
            OR ($legacy AND counted.fields = files.width + 1 AND ends_with(counted.line, '$'))
        )
)
SELECT
    flagged.filename,
    flagged.row_id - first_rows.first_rowid + 2 AS line_no,
    coalesce(flagged.line, '') AS line
FROM flagged
JOIN first_rows USING (filename)
ORDER BY flagged.filename, line_no;
