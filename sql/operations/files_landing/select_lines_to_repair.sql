-- The lines the '$' read cannot be trusted with, for the line-level repair: empty lines, lines
-- DuckDB rejected ($rejected), and lines whose field count is not the header's width ($width),
-- where legacy files ($legacy) may add exactly one trailing empty field (their trailing '$').
SELECT line_no, coalesce(line, '') AS line
FROM (
    SELECT
        rowid + 2 AS line_no,
        line,
        length(line) - length(replace(line, '$', '')) + 1 AS fields
    FROM files_lines
)
WHERE line IS NULL
    OR line_no IN (SELECT unnest($rejected::BIGINT[]))
    OR NOT (fields = $width OR ($legacy AND fields = $width + 1 AND ends_with(line, '$')))
ORDER BY line_no;
