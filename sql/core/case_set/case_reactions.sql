-- main.case_reactions (case_set.duckdb): one row per reaction (MedDRA preferred term) of every kept case.
-- Grain: (caseid, term_key), one row per distinct REAC row.
--
-- Rules:
--   exact duplicates      REAC rows equal in every landed column but line_no count once
--                         (a file's repeated REAC lines, notes §3.5, are one reaction);
--   kept version only     rows join the case's kept version on (primaryid, quarter): a
--                         republished primaryid takes the later quarter's rows, and a legacy
--                         row takes its caseid from the same quarter's DEMO (ISR -> CASE);
--   term                  pt trimmed, inner whitespace collapsed (staging.term_clean, the
--                         openFDA rule 'MedDRA case', first step); term_key is it upper-cased,
--                         so legacy upper-case and FAERS mixed-case terms compare equal;
--   no term               a row with no pt is left out.
-- depends_on: stg_faers_files__reac, int_files_kept_versions
-- (files_kept_case_rows takes both relations by name, in strings the run order cannot read)
--
-- Built one quarter at a time: the macro holds the rules for one quarter's rows, the table is
-- made empty from it, and the insert, which takes $quarter, runs once per landed quarter
-- (files_model.build_case_set; why: sql/macros/faers_files_case_rows.sql).
create or replace macro staging.case_reactions_of_quarter(for_quarter) as table

with

case_rows as (
    select *
    from staging.files_kept_case_rows(
        'staging.stg_faers_files__reac', 'staging.int_files_kept_versions',
        for_quarter
    )
),

final as (
    select
        caseid,
        primaryid,
        quarter,
        staging.term_clean(pt) as term,
        upper(staging.term_clean(pt)) as term_key,
        upper(drug_rec_act) as drug_rec_act
    from case_rows
    where staging.term_clean(pt) is not null
)

select * from final;

create or replace table main.case_reactions as
from staging.case_reactions_of_quarter(null)
with no data;

insert into main.case_reactions
from staging.case_reactions_of_quarter($quarter);

comment on table main.case_reactions is
    'One row per reaction term of every kept case of the whole FAERS, from the kept version''s REAC rows, exact duplicate lines counted once. Rules: docs/faers-files-dedup.md.';
comment on column main.case_reactions.caseid is 'The case (main.cases.caseid).';
comment on column main.case_reactions.primaryid is 'The kept version the row comes from (legacy: ISR).';
comment on column main.case_reactions.quarter is 'Quarter of the file the row was read from.';
comment on column main.case_reactions.term is 'MedDRA preferred term as reported, trimmed and whitespace-collapsed.';
comment on column main.case_reactions.term_key is 'term upper-cased: the key terms are compared by.';
comment on column main.case_reactions.drug_rec_act is 'drug_rec_act as reported (2014Q3 on): the term recurred on readministration.';
