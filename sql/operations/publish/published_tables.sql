-- The tables of schema main of the file being published, by name.
select table_name
from duckdb_tables()
where schema_name = 'main'
    and database_name = current_database()
order by 1;
