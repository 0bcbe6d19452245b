-- Reads the quarter's prepared table files ($paths) a second time as whole lines, in one scan
-- (the byte pass removed every control byte, so chr(1) never occurs and each line is one
-- field). Unlike the '$' read, this keeps empty lines (as NULL) and so gives every line its
-- number (its place among its file's rows, after the header: rows keep each file's order, the
-- rowid), and it shows how many fields each line has: DuckDB's '$' read silently drops empty
-- fields beyond the header's width, which would hide an embedded '$' on a row whose last value
-- is empty.
CREATE OR REPLACE TEMP TABLE files_lines AS
SELECT filename, line
FROM read_csv(
    $paths,
    delim = chr(1),
    quote = '',
    escape = '',
    header = false,
    skip = 1,
    columns = {'line': 'VARCHAR'},
    auto_detect = false,
    strict_mode = true,
    max_line_size = 16777216,
    filename = true
);
