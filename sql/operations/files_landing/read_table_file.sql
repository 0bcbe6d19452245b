-- Reads one prepared table file (UTF-8, LF, no control bytes) into files_read_<table>
-- ({read_table}) with DuckDB's CSV reader: '$' delimiter, no quote or escape character (FDA's
-- files have neither), the header line skipped, explicit all-VARCHAR columns taken from that
-- header; it returns the number of rows read. Strict mode: a line with too many or
-- too few fields is not read but written to files_rejects, for the line-level repair (the
-- quarter's reads append to it; reset_read_tables.sql empties it before each quarter).
-- Rows keep the file's order (rowid), which the staging of their line numbers relies on.
CREATE OR REPLACE TEMP TABLE {read_table} AS
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
