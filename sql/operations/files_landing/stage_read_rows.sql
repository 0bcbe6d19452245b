-- Stages the rows DuckDB read from one file, with their line numbers. DuckDB gives rows in
-- file order (rowid) but no line numbers; the lines it did not read (files_skipped_frame:
-- rejected lines and empty ones) are counted back in: the i-th row read comes after the j-th
-- skipped line exactly when i > (that line's data position - j). Columns the contract does not
-- know (unknown__<position>) are left out.
INSERT INTO {stage_table} BY NAME
WITH skipped AS (
    SELECT
        line_no - 1 - row_number() OVER (ORDER BY line_no) AS rows_before,
        row_number() OVER (ORDER BY line_no) AS skipped_so_far
    FROM files_skipped_frame
),
steps AS (
    SELECT rows_before, max(skipped_so_far) AS skipped_so_far FROM skipped GROUP BY rows_before
),
numbered AS (
    SELECT rowid + 1 AS row_index, COLUMNS(lambda c: NOT starts_with(c, 'unknown__'))
    FROM files_read
)
SELECT
    $quarter AS quarter,
    $era AS era,
    $file_name AS file_name,
    numbered.row_index + 1 + coalesce(steps.skipped_so_far, 0) AS line_no,
    numbered.* EXCLUDE (row_index)
FROM numbered ASOF LEFT JOIN steps ON numbered.row_index > steps.rows_before;
