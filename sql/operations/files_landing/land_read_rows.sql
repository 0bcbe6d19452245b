-- Inserts the rows DuckDB read from one file ({read_table}) into its landing table, in the
-- landing's transaction, when it skipped no line and the line-level repair takes none: the
-- i-th row read (rowid i - 1) is then the file's line i + 1, after the header. This is
-- stage_read_rows.sql with nothing skipped or repaired, without the staging copy. Columns the
-- contract does not know (unknown__<position>) are left out.
INSERT INTO main.{landing_table} BY NAME
SELECT
    $quarter AS quarter,
    $era AS era,
    $file_name AS file_name,
    rowid + 2 AS line_no,
    COLUMNS(lambda c: NOT starts_with(c, 'unknown__'))
FROM {read_table};
