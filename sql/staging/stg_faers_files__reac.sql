-- staging.stg_faers_files__reac: one row per row of the landing table reac
-- (files_landing.duckdb, attached read-only as `landing`; docs/faers-files-design.md, the
-- landing contract). A view: rename, cast and trim only, no rules.
--
-- Rules (sql/macros/faers_files_macros.sql):
--   blank is missing      every text field trimmed, '' -> NULL (files_text);
--   ids                   primaryid and caseid as BIGINT when plain digits, else NULL
--                         (files_bigint); primaryid_text keeps the trimmed text;
--   row_hash              64-bit hash of the landed row without line_no (raw values, before
--                         any trimming; the quarter is part of it): two rows of one quarter
--                         with the same hash are exact duplicates, which the intermediate
--                         models count once (notes §3.5, contract rule 1). DuckDB's hash() is
--                         about ten times cheaper than an md5 of the row's JSON; two different
--                         rows of one quarter share a hash with a chance under 1e-6 even in
--                         FAERS's largest table-quarter (2 M rows: n^2 / 2^65).
create or replace view staging.stg_faers_files__reac as

with

source as (
    select
        *,
        hash(*columns(* exclude (line_no))) as row_hash
    from landing.reac
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
        staging.files_text(pt) as pt,
        staging.files_text(drug_rec_act) as drug_rec_act
    from source
)

select * from renamed;
