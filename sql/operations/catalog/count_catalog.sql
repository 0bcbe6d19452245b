-- Whether a catalog (an attached database, e.g. raw) named $catalog_name is attached.
select count(*) as catalogs
from duckdb_databases()
where database_name = $catalog_name
