-- Rows of one table of the current database, named by $table_name (a value, not SQL).
select count(*) as row_count
from query_table($table_name);
