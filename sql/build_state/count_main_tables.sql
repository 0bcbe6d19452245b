-- How many of the tables named in $tables exist in schema main of the build database.
select count(*)
from duckdb_tables()
where database_name = current_database()
    and schema_name = 'main'
    and list_contains($tables, table_name)
