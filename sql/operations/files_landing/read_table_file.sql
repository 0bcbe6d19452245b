-- Reads one prepared table file (UTF-8, LF, no control bytes) with DuckDB's CSV reader: '$'
-- delimiter, no quote or escape character (FDA's files have neither), the header line skipped,
-- explicit all-VARCHAR columns taken from that header. Strict mode: a line with too many or
-- too few fields is not read but written to files_rejects, for the line-level repair.
-- Rows keep the file's order (rowid), which the staging of their line numbers relies on.
DROP TABLE IF EXISTS files_rejects;
DROP TABLE IF EXISTS files_reject_scans;
CREATE OR REPLACE TEMP TABLE files_read AS
SELECT *
FROM read_csv(
    $path,
    delim = '$',
    quote = '',
    escape = '',
    header = false,
    skip = 1,
    columns = $columns,
    auto_detect = false,
    strict_mode = true,
    null_padding = false,
    store_rejects = true,
    rejects_table = 'files_rejects',
    rejects_scan = 'files_reject_scans',
    max_line_size = 16777216
);
