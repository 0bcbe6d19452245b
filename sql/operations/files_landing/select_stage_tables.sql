-- How many of the landing tables (main) and of their temporary staging copies exist, so the
-- staging tables are made once per connection (create_landing_tables.sql,
-- create_stage_tables.sql) rather than once per quarter.
SELECT
    count(*) FILTER (
        WHERE NOT temporary
            AND database_name = current_database()
            AND schema_name = 'main'
            AND table_name IN (
                'demo', 'drug', 'reac', 'outc', 'rpsr', 'ther', 'indi', 'deleted', 'quarantine',
                'file_reads', 'landed_zips'
            )
    ) AS landing_tables,
    count(*) FILTER (
        WHERE temporary
            AND table_name IN (
                'files_stage_demo', 'files_stage_drug', 'files_stage_reac', 'files_stage_outc',
                'files_stage_rpsr', 'files_stage_ther', 'files_stage_indi', 'files_stage_deleted',
                'files_stage_quarantine', 'files_stage_file_reads'
            )
    ) AS stage_tables
FROM duckdb_tables();
