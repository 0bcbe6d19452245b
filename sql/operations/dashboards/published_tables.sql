-- Tables of schema main in the published database: the dashboards read the optional ones
-- (source_fetches, data_quality) only when they are there.
select
    table_name
from duckdb_tables()
where schema_name = 'main'
  and database_name = current_database()
order by table_name;
