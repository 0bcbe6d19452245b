-- staging.stg_faers_files__outc: one row per row of the landing table outc
-- (files_landing.duckdb, attached read-only as `landing`; docs/faers-files-design.md, the
-- landing contract). A view: rename, cast and trim only, no rules.
--
-- Rules (sql/macros/faers_files_macros.sql):
--   blank is missing      every text field trimmed, '' -> NULL (files_text);
--   ids                   primaryid and caseid as BIGINT when plain digits, else NULL
--                         (files_bigint); primaryid_text keeps the trimmed text;
--   row_hash              md5 of the landed row without line_no (raw values, before any
--                         trimming): two rows with the same hash are exact duplicates, which the
--                         intermediate models count once (notes §3.5, contract rule 1).
create or replace view staging.stg_faers_files__outc as

with

source as (
    select
        *,
        md5(to_json(struct_pack(*columns(* exclude (line_no))))::varchar) as row_hash
    from landing.outc
),

renamed as (
    select
        quarter,
        era,
        file_name,
        line_no,
        row_hash,
        staging.files_bigint(primaryid) as primaryid,
        staging.files_text(primaryid) as primaryid_text,
        staging.files_bigint(caseid) as caseid,
        staging.files_text(outc_cod) as outc_cod
    from source
)

select * from renamed;
