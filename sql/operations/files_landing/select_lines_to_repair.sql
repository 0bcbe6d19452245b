-- The lines the '$' read cannot be trusted with, for the line-level repair, in every file of
-- the whole-line scan ($paths, each with its header's width in $widths; a width of -1 gives
-- every line): empty lines, and lines whose field count is not the header's width, where
-- legacy files ($legacy) may add exactly one trailing empty field (their trailing '$'). The
-- lines DuckDB rejects are added per file (select_file_lines.sql).
WITH files AS (
    SELECT unnest($paths::VARCHAR[]) AS filename, unnest($widths::BIGINT[]) AS width
),
numbered AS (
    SELECT
        filename,
        row_number() OVER (PARTITION BY filename ORDER BY rowid) + 1 AS line_no,
        line,
        length(line) - length(replace(line, '$', '')) + 1 AS fields
    FROM files_lines
)
SELECT numbered.filename, numbered.line_no, coalesce(numbered.line, '') AS line
FROM numbered
JOIN files USING (filename)
WHERE numbered.line IS NULL
    OR NOT (
        numbered.fields = files.width
        OR ($legacy AND numbered.fields = files.width + 1 AND ends_with(numbered.line, '$'))
    )
ORDER BY numbered.filename, numbered.line_no;
