-- main.case_indications (case_set.duckdb): one row per indication of a drug of every kept case. Grain:
-- (caseid, drug_seq, indication).
--
-- Rules:
--   exact duplicates      INDI rows equal in every landed column but line_no count once
--                         (notes §3.7);
--   kept version only     rows join the case's kept version on (primaryid, quarter): a
--                         republished primaryid takes the later quarter's rows, and a legacy
--                         row takes its caseid from the same quarter's DEMO (ISR -> CASE);
--   indication            indi_pt trimmed, inner whitespace collapsed; a row without one is
--                         left out. Placeholders ('Product used for unknown indication') are
--                         kept as reported.
create or replace table main.case_indications as

with

kept_versions as (
    select
        caseid,
        primaryid_text,
        quarter
    from staging.int_files_version_fates
    where fate = 'kept'
),

source_rows as (
    select * from staging.stg_faers_files__indi
),

distinct_rows as (
    select *
    from source_rows
    qualify row_number() over (partition by row_hash order by line_no) = 1
),

case_rows as (
    select
        kept_versions.caseid,
        distinct_rows.*
    from distinct_rows
    join kept_versions
        on distinct_rows.primaryid_text = kept_versions.primaryid_text
        and distinct_rows.quarter = kept_versions.quarter
),

final as (
    select
        caseid,
        primaryid,
        quarter,
        drug_seq,
        staging.term_clean(indi_pt) as indication
    from case_rows
    where staging.term_clean(indi_pt) is not null
)

select * from final;

comment on table main.case_indications is
    'One row per indication (INDI) of a drug of every kept case of the whole FAERS. Rules: docs/faers-files-dedup.md.';
comment on column main.case_indications.caseid is 'The case (main.cases.caseid).';
comment on column main.case_indications.primaryid is 'The kept version the row comes from (legacy: ISR).';
comment on column main.case_indications.quarter is 'Quarter of the file the row was read from.';
comment on column main.case_indications.drug_seq is 'The drug (main.case_drugs.drug_seq).';
comment on column main.case_indications.indication is 'indi_pt as reported (a MedDRA term), trimmed.';
