-- staging.stg_faers_files__file_reads: one row per row of the landing table file_reads
-- (files_landing.duckdb, attached read-only as `landing`; docs/faers-files-design.md, the
-- landing contract). A view: rename, cast and trim only, no rules.
--
-- Rules (sql/macros/faers_files_macros.sql):
--   blank is missing      every text field trimmed, '' -> NULL (files_text);
--   row_hash              md5 of the landed row without line_no (raw values, before any
--                         trimming): two rows with the same hash are exact duplicates, which the
--                         intermediate models count once (notes §3.5, contract rule 1).
create or replace view staging.stg_faers_files__file_reads as

with

source as (
    select
        *,
        md5(to_json(struct_pack(*columns(* exclude (line_no))))::varchar) as row_hash
    from landing.file_reads
),

renamed as (
    select
        quarter,
        era,
        file_name,
        line_no,
        row_hash,
        staging.files_text(table_name) as table_name,
        staging.files_text(encoding) as encoding,
        staging.files_text(line_endings) as line_endings,
        header,
        lines_read,
        rows_loaded,
        rows_quarantined,
        rows_repaired
    from source
)

select * from renamed;
