-- 1 when the attached raw database has the table $table_name, else 0.
select count(*)
from duckdb_tables()
where database_name = 'raw'
    and schema_name = 'main'
    and table_name = $table_name
