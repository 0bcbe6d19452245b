-- staging.stg_faers_files__ther: one row per row of the landing table ther
-- (files_landing.duckdb, attached read-only as `landing`; docs/faers-files-design.md, the
-- landing contract). A view: rename, cast and trim only, no rules.
--
-- Rules (sql/macros/faers_files_macros.sql):
--   blank is missing      every text field trimmed, '' -> NULL (files_text);
--   ids                   primaryid and caseid as BIGINT when plain digits, else NULL
--                         (files_bigint); primaryid_text keeps the trimmed text;
--   drug_seq              BIGINT when plain digits, else NULL (legacy values are 10 digits);
--   dates                 start_dt, end_dt: the raw text (*_raw), the
--                         parsed date and its precision 4/6/8 (files_date); a date after the end
--                         of the row's quarter or before 1900 is NULL, its raw text kept;
--   row_hash              64-bit hash of the landed row without line_no (raw values, before
--                         any trimming; the quarter is part of it): two rows of one quarter
--                         with the same hash are exact duplicates, which the intermediate
--                         models count once (notes §3.5, contract rule 1). DuckDB's hash() is
--                         about ten times cheaper than an md5 of the row's JSON; two different
--                         rows of one quarter share a hash with a chance under 1e-6 even in
--                         FAERS's largest table-quarter (2 M rows: n^2 / 2^65).
create or replace view staging.stg_faers_files__ther as

with

source as (
    select
        *,
        hash(*columns(* exclude (line_no))) as row_hash
    from landing.ther
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
        staging.files_bigint(drug_seq) as drug_seq,
        staging.files_text(start_dt) as start_dt_raw,
        staging.files_date(start_dt, staging.quarter_end(quarter)).date as start_dt,
        staging.files_date(start_dt, staging.quarter_end(quarter)).precision as start_dt_precision,
        staging.files_text(end_dt) as end_dt_raw,
        staging.files_date(end_dt, staging.quarter_end(quarter)).date as end_dt,
        staging.files_date(end_dt, staging.quarter_end(quarter)).precision as end_dt_precision,
        staging.files_text(dur) as dur,
        staging.files_text(dur_cod) as dur_cod
    from source
)

select * from renamed;
