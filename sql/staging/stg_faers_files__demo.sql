-- staging.stg_faers_files__demo: one row per row of the landing table demo
-- (files_landing.duckdb, attached read-only as `landing`; docs/faers-files-design.md, the
-- landing contract). A view: rename, cast and trim only, no rules.
--
-- Rules (sql/macros/faers_files_macros.sql):
--   blank is missing      every text field trimmed, '' -> NULL (files_text);
--   ids                   primaryid and caseid as BIGINT when plain digits, else NULL
--                         (files_bigint); primaryid_text keeps the trimmed text;
--   caseversion           INTEGER only when plain digits, else NULL (ranks lowest);
--                         caseversion_text keeps the trimmed text;
--   dates                 event_dt, mfr_dt, init_fda_dt, fda_dt, rept_dt, death_dt: the
--                         raw text (*_raw), the parsed date and its precision 4/6/8 (files_date); a date after the end
--                         of the row's quarter or before 1900 is NULL, its raw text kept;
--   row_hash              64-bit hash of the landed row without line_no (raw values, before
--                         any trimming; the quarter is part of it): two rows of one quarter
--                         with the same hash are exact duplicates, which the intermediate
--                         models count once (notes §3.5, contract rule 1). DuckDB's hash() is
--                         about ten times cheaper than an md5 of the row's JSON; two different
--                         rows of one quarter share a hash with a chance under 1e-6 even in
--                         FAERS's largest table-quarter (2 M rows: n^2 / 2^65).
create or replace view staging.stg_faers_files__demo as

with

source as (
    select
        *,
        hash(*columns(* exclude (line_no))) as row_hash
    from landing.demo
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
        staging.files_integer(caseversion) as caseversion,
        staging.files_text(caseversion) as caseversion_text,
        staging.files_text(i_f_cod) as i_f_cod,
        staging.files_text(foll_seq) as foll_seq,
        staging.files_text(image) as image,
        staging.files_text(event_dt) as event_dt_raw,
        staging.files_date(event_dt, staging.quarter_end(quarter)).date as event_dt,
        staging.files_date(event_dt, staging.quarter_end(quarter)).precision as event_dt_precision,
        staging.files_text(mfr_dt) as mfr_dt_raw,
        staging.files_date(mfr_dt, staging.quarter_end(quarter)).date as mfr_dt,
        staging.files_date(mfr_dt, staging.quarter_end(quarter)).precision as mfr_dt_precision,
        staging.files_text(init_fda_dt) as init_fda_dt_raw,
        staging.files_date(init_fda_dt, staging.quarter_end(quarter)).date as init_fda_dt,
        staging.files_date(init_fda_dt, staging.quarter_end(quarter)).precision as init_fda_dt_precision,
        staging.files_text(fda_dt) as fda_dt_raw,
        staging.files_date(fda_dt, staging.quarter_end(quarter)).date as fda_dt,
        staging.files_date(fda_dt, staging.quarter_end(quarter)).precision as fda_dt_precision,
        staging.files_text(rept_cod) as rept_cod,
        staging.files_text(auth_num) as auth_num,
        staging.files_text(mfr_num) as mfr_num,
        staging.files_text(mfr_sndr) as mfr_sndr,
        staging.files_text(lit_ref) as lit_ref,
        staging.files_text(age) as age,
        staging.files_text(age_cod) as age_cod,
        staging.files_text(age_grp) as age_grp,
        staging.files_text(sex) as sex,
        staging.files_text(e_sub) as e_sub,
        staging.files_text(wt) as wt,
        staging.files_text(wt_cod) as wt_cod,
        staging.files_text(rept_dt) as rept_dt_raw,
        staging.files_date(rept_dt, staging.quarter_end(quarter)).date as rept_dt,
        staging.files_date(rept_dt, staging.quarter_end(quarter)).precision as rept_dt_precision,
        staging.files_text(to_mfr) as to_mfr,
        staging.files_text(occp_cod) as occp_cod,
        staging.files_text(reporter_country) as reporter_country,
        staging.files_text(occr_country) as occr_country,
        staging.files_text(death_dt) as death_dt_raw,
        staging.files_date(death_dt, staging.quarter_end(quarter)).date as death_dt,
        staging.files_date(death_dt, staging.quarter_end(quarter)).precision as death_dt_precision,
        staging.files_text(confid) as confid
    from source
)

select * from renamed;
