-- The landing tables of FDA's quarterly files (docs/faers-files-design.md, "The landing
-- contract"): one per FDA table, every value VARCHAR as in the file, names unified across eras;
-- plus the deleted-case lists, the quarantined lines and one row per file read.
CREATE TABLE IF NOT EXISTS demo (
    quarter VARCHAR NOT NULL, era VARCHAR NOT NULL, file_name VARCHAR NOT NULL, line_no BIGINT NOT NULL,
    primaryid VARCHAR, caseid VARCHAR, caseversion VARCHAR, i_f_cod VARCHAR, foll_seq VARCHAR,
    image VARCHAR, event_dt VARCHAR, mfr_dt VARCHAR, init_fda_dt VARCHAR, fda_dt VARCHAR,
    rept_cod VARCHAR, auth_num VARCHAR, mfr_num VARCHAR, mfr_sndr VARCHAR, lit_ref VARCHAR,
    age VARCHAR, age_cod VARCHAR, age_grp VARCHAR, sex VARCHAR, e_sub VARCHAR, wt VARCHAR,
    wt_cod VARCHAR, rept_dt VARCHAR, to_mfr VARCHAR, occp_cod VARCHAR, reporter_country VARCHAR,
    occr_country VARCHAR, death_dt VARCHAR, confid VARCHAR
);
CREATE TABLE IF NOT EXISTS drug (
    quarter VARCHAR NOT NULL, era VARCHAR NOT NULL, file_name VARCHAR NOT NULL, line_no BIGINT NOT NULL,
    primaryid VARCHAR, caseid VARCHAR, drug_seq VARCHAR, role_cod VARCHAR, drugname VARCHAR,
    prod_ai VARCHAR, val_vbm VARCHAR, route VARCHAR, dose_vbm VARCHAR, cum_dose_chr VARCHAR,
    cum_dose_unit VARCHAR, dechal VARCHAR, rechal VARCHAR, lot_num VARCHAR, exp_dt VARCHAR,
    nda_num VARCHAR, dose_amt VARCHAR, dose_unit VARCHAR, dose_form VARCHAR, dose_freq VARCHAR
);
CREATE TABLE IF NOT EXISTS reac (
    quarter VARCHAR NOT NULL, era VARCHAR NOT NULL, file_name VARCHAR NOT NULL, line_no BIGINT NOT NULL,
    primaryid VARCHAR, caseid VARCHAR, pt VARCHAR, drug_rec_act VARCHAR
);
CREATE TABLE IF NOT EXISTS outc (
    quarter VARCHAR NOT NULL, era VARCHAR NOT NULL, file_name VARCHAR NOT NULL, line_no BIGINT NOT NULL,
    primaryid VARCHAR, caseid VARCHAR, outc_cod VARCHAR
);
CREATE TABLE IF NOT EXISTS rpsr (
    quarter VARCHAR NOT NULL, era VARCHAR NOT NULL, file_name VARCHAR NOT NULL, line_no BIGINT NOT NULL,
    primaryid VARCHAR, caseid VARCHAR, rpsr_cod VARCHAR
);
CREATE TABLE IF NOT EXISTS ther (
    quarter VARCHAR NOT NULL, era VARCHAR NOT NULL, file_name VARCHAR NOT NULL, line_no BIGINT NOT NULL,
    primaryid VARCHAR, caseid VARCHAR, drug_seq VARCHAR, start_dt VARCHAR, end_dt VARCHAR,
    dur VARCHAR, dur_cod VARCHAR
);
CREATE TABLE IF NOT EXISTS indi (
    quarter VARCHAR NOT NULL, era VARCHAR NOT NULL, file_name VARCHAR NOT NULL, line_no BIGINT NOT NULL,
    primaryid VARCHAR, caseid VARCHAR, drug_seq VARCHAR, indi_pt VARCHAR
);
CREATE TABLE IF NOT EXISTS deleted (
    quarter VARCHAR NOT NULL, era VARCHAR NOT NULL, file_name VARCHAR NOT NULL, line_no BIGINT NOT NULL,
    caseid VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS quarantine (
    quarter VARCHAR NOT NULL, era VARCHAR NOT NULL, file_name VARCHAR NOT NULL, line_no BIGINT NOT NULL,
    table_name VARCHAR NOT NULL, reason VARCHAR NOT NULL, raw_text VARCHAR NOT NULL
);
-- line_no is the header's line (1). Beyond the contract's columns: unknown_columns (header
-- names the contract does not know, comma-joined, read but not landed), control_bytes_removed,
-- rows_split_extra and lines_joined, so that per file
-- lines_read = rows_loaded + rows_quarantined - rows_split_extra + lines_joined.
CREATE TABLE IF NOT EXISTS file_reads (
    quarter VARCHAR NOT NULL, era VARCHAR NOT NULL, file_name VARCHAR NOT NULL, line_no BIGINT NOT NULL,
    table_name VARCHAR NOT NULL, encoding VARCHAR NOT NULL, line_endings VARCHAR NOT NULL,
    header VARCHAR NOT NULL, lines_read BIGINT NOT NULL, rows_loaded BIGINT NOT NULL,
    rows_quarantined BIGINT NOT NULL, rows_repaired BIGINT NOT NULL,
    unknown_columns VARCHAR, control_bytes_removed BIGINT NOT NULL,
    rows_split_extra BIGINT NOT NULL, lines_joined BIGINT NOT NULL
);

-- Which zip each quarter was landed from, so a run lands again only a quarter whose zip
-- changed (its SHA-256 differs from the one landed); written in the landing's transaction.
CREATE TABLE IF NOT EXISTS main.landed_zips (
    quarter    VARCHAR PRIMARY KEY,
    zip_name   VARCHAR NOT NULL,
    sha256     VARCHAR,
    landed_at  TIMESTAMP NOT NULL
);
