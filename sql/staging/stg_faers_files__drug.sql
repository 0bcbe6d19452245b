-- staging.stg_faers_files__drug: one row per row of the landing table drug
-- (files_landing.duckdb, attached read-only as `landing`; docs/faers-files-design.md, the
-- landing contract). A view: rename, cast and trim only, no rules.
--
-- Rules (sql/macros/faers_files_macros.sql):
--   blank is missing      every text field trimmed, '' -> NULL (files_text);
--   ids                   primaryid and caseid as BIGINT when plain digits, else NULL
--                         (files_bigint); primaryid_text keeps the trimmed text;
--   drug_seq              BIGINT when plain digits, else NULL (legacy values are 10 digits);
--   dates                 exp_dt (the expiry date, which may lie in the future): the raw
--                         text (exp_dt_raw), the parsed date and its precision 4/6/8
--                         (files_date); a date before 1900 or after 2100 is NULL, its raw text
--                         kept;
--   row_hash              64-bit hash of the landed row without line_no (raw values, before
--                         any trimming; the quarter is part of it): two rows of one quarter
--                         with the same hash are exact duplicates, which the intermediate
--                         models count once (notes §3.5, contract rule 1). DuckDB's hash() is
--                         about ten times cheaper than an md5 of the row's JSON; two different
--                         rows of one quarter share a hash with a chance under 1e-6 even in
--                         FAERS's largest table-quarter (2 M rows: n^2 / 2^65).
create or replace view staging.stg_faers_files__drug as

with

source as (
    select
        *,
        hash(*columns(* exclude (line_no))) as row_hash
    from landing.drug
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
        staging.files_text(role_cod) as role_cod,
        staging.files_text(drugname) as drugname,
        staging.files_text(prod_ai) as prod_ai,
        staging.files_text(val_vbm) as val_vbm,
        staging.files_text(route) as route,
        staging.files_text(dose_vbm) as dose_vbm,
        staging.files_text(cum_dose_chr) as cum_dose_chr,
        staging.files_text(cum_dose_unit) as cum_dose_unit,
        staging.files_text(dechal) as dechal,
        staging.files_text(rechal) as rechal,
        staging.files_text(lot_num) as lot_num,
        staging.files_text(exp_dt) as exp_dt_raw,
        staging.files_date(exp_dt, date '2100-12-31').date as exp_dt,
        staging.files_date(exp_dt, date '2100-12-31').precision as exp_dt_precision,
        staging.files_text(nda_num) as nda_num,
        staging.files_text(dose_amt) as dose_amt,
        staging.files_text(dose_unit) as dose_unit,
        staging.files_text(dose_form) as dose_form,
        staging.files_text(dose_freq) as dose_freq
    from source
)

select * from renamed;
