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
-- depends_on: stg_faers_files__indi, int_files_kept_versions
-- (files_kept_case_rows takes both relations by name, in strings the run order cannot read)
--
-- Built one quarter at a time: the macro holds the rules for one quarter's rows, the table is
-- made empty from it, and the insert, which takes $quarter, runs once per landed quarter
-- (files_model.build_case_set; why: sql/macros/faers_files_case_rows.sql).
create or replace macro staging.case_indications_of_quarter(for_quarter) as table

with

case_rows as (
    select *
    from staging.files_kept_case_rows(
        'staging.stg_faers_files__indi', 'staging.int_files_kept_versions',
        for_quarter
    )
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

create or replace table main.case_indications as
from staging.case_indications_of_quarter(null)
with no data;

insert into main.case_indications
from staging.case_indications_of_quarter($quarter);

comment on table main.case_indications is
    'One row per indication (INDI) of a drug of every kept case of the whole FAERS. Rules: docs/faers-files-dedup.md.';
comment on column main.case_indications.caseid is 'The case (main.cases.caseid).';
comment on column main.case_indications.primaryid is 'The kept version the row comes from (legacy: ISR).';
comment on column main.case_indications.quarter is 'Quarter of the file the row was read from.';
comment on column main.case_indications.drug_seq is 'The drug (main.case_drugs.drug_seq).';
comment on column main.case_indications.indication is 'indi_pt as reported (a MedDRA term), trimmed.';
