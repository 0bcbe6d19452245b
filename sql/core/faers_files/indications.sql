-- faers_files.indications: one row per indication of a drug of every case of
-- faers_files.cases, from the case set's case_indications (the kept version's INDI rows,
-- exact duplicates once). Grain: (caseid, drug_seq, indication).
--
-- Rules:
--   which rows           indications of the cases in faers_files.cases only;
--   quarter              the quarter of the case;
--   indication           indi_pt trimmed and whitespace-collapsed, as reported (a MedDRA
--                        term; placeholders such as 'Product used for unknown indication'
--                        kept).
create or replace table faers_files.indications as

with

cases as (
    select
        caseid,
        quarter
    from faers_files.cases
),

case_indications as (
    select * from case_set.main.case_indications
),

final as (
    select
        case_indications.caseid,
        cases.quarter,
        case_indications.drug_seq,
        case_indications.indication
    from case_indications
    join cases
        on case_indications.caseid = cases.caseid
)

select * from final
order by caseid, drug_seq, indication;

comment on table faers_files.indications is
    'One row per indication (INDI row of the kept version) of a drug of every case in faers_files.cases.';
comment on column faers_files.indications.caseid is 'The case (faers_files.cases.caseid).';
comment on column faers_files.indications.quarter is 'Quarter (YYYYQn) of the case''s kept version.';
comment on column faers_files.indications.drug_seq is 'The drug (faers_files.drugs.drug_seq of the same caseid).';
comment on column faers_files.indications.indication is 'indi_pt as reported (a MedDRA preferred term), trimmed; placeholders such as ''Product used for unknown indication'' kept.';
