-- Reads one prepared table file a second time as whole lines (the byte pass removed every
-- control byte, so chr(1) never occurs and each line is one field). Unlike the '$' read, this
-- keeps empty lines (as NULL) and so gives every line its number (rowid + 2, after the header),
-- and it shows how many fields each line has: DuckDB's '$' read silently drops empty fields
-- beyond the header's width, which would hide an embedded '$' on a row whose last value is empty.
CREATE OR REPLACE TEMP TABLE files_lines AS
SELECT line
FROM read_csv(
    $path,
    delim = chr(1),
    quote = '',
    escape = '',
    header = false,
    skip = 1,
    columns = {'line': 'VARCHAR'},
    auto_detect = false,
    strict_mode = true,
    max_line_size = 16777216
);
