-- The files source's landing (files_landing.duckdb), read-only, under the name the
-- stg_faers_files__* views read it by.
attach $landing_db as landing (read_only);
