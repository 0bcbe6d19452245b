-- The tables of schema faers_files of the current database, and whether each has a quarter
-- column (its Parquet copy is then partitioned by quarter).
select
    table_name,
    bool_or(column_name = 'quarter') as has_quarter
from duckdb_columns()
where schema_name = 'faers_files'
    and database_name = current_database()
group by table_name
order by table_name;
