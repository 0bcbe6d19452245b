-- Whether a table or view exists: the number of relations named $table_name in schema
-- $schema_name of catalog $catalog_name (NULL: the current database). Used by
-- ketamine_faers/catalog.py: a suite whose batch reads a missing table fails every expectation
-- instead of raising, and a build stage with a missing table is rebuilt.
with

relations as (
    select
        database_name,
        schema_name,
        table_name as relation_name
    from duckdb_tables()
    union all
    select
        database_name,
        schema_name,
        view_name as relation_name
    from duckdb_views()
)

select count(*) as relations
from relations
where database_name = coalesce($catalog_name, current_database())
  and schema_name = $schema_name
  and relation_name = $table_name
