-- Stages the rows DuckDB read from one file ({read_table}), with their line numbers, when the
-- line-level repair takes some of its lines (else land_read_rows.sql inserts them). DuckDB gives rows in
-- file order (rowid) but no line numbers; the lines it did not read ($skipped: rejected and
-- empty lines) are counted back in: the i-th row read comes after the j-th skipped line exactly
-- when i > (that line's data position - j). Rows of lines the line-level repair handles
-- ($repaired) are left to it. Columns the contract does not know (unknown__<position>) are left
-- out.
INSERT INTO {stage_table} BY NAME
WITH skipped AS (
    SELECT
        line_no - 1 - row_number() OVER (ORDER BY line_no) AS rows_before,
        row_number() OVER (ORDER BY line_no) AS skipped_so_far
    FROM (SELECT unnest($skipped::BIGINT[]) AS line_no)
),
steps AS (
    SELECT rows_before, max(skipped_so_far) AS skipped_so_far FROM skipped GROUP BY rows_before
),
numbered AS (
    SELECT rowid + 1 AS row_index, COLUMNS(lambda c: NOT starts_with(c, 'unknown__'))
    FROM {read_table}
),
lined AS (
    SELECT
        numbered.row_index + 1 + coalesce(steps.skipped_so_far, 0) AS line_no,
        numbered.* EXCLUDE (row_index)
    FROM numbered ASOF LEFT JOIN steps ON numbered.row_index > steps.rows_before
)
SELECT $quarter AS quarter, $era AS era, $file_name AS file_name, lined.*
FROM lined
WHERE lined.line_no NOT IN (SELECT unnest($repaired::BIGINT[]));
