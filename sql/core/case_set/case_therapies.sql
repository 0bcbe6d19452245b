-- main.case_therapies (case_set.duckdb): one row per therapy period of a drug of every kept case. Grain:
-- (caseid, drug_seq, start_date_raw, end_date_raw); a drug may have several.
--
-- Rules:
--   exact duplicates      THER rows equal in every landed column but line_no count once
--                         (notes §3.7);
--   kept version only     rows join the case's kept version on (primaryid, quarter): a
--                         republished primaryid takes the later quarter's rows, and a legacy
--                         row takes its caseid from the same quarter's DEMO (ISR -> CASE);
--   dates                 start_dt and end_dt keep their raw text plus the parsed date and its
--                         precision 8/6/4 (a partial date on the first of its month or year);
--                         a date after the end of the quarter or before 1900 is NULL;
--   drug                  drug_seq links the row to main.case_drugs (caseid, drug_seq).
-- depends_on: stg_faers_files__ther, int_files_kept_versions
-- (files_kept_case_rows takes both relations by name, in strings the run order cannot read)
--
-- Built one quarter at a time: the macro holds the rules for one quarter's rows, the table is
-- made empty from it, and the insert, which takes $quarter, runs once per landed quarter
-- (files_model.build_case_set; why: sql/macros/faers_files_case_rows.sql).
create or replace macro staging.case_therapies_of_quarter(for_quarter) as table

with

case_rows as (
    select *
    from staging.files_kept_case_rows(
        'staging.stg_faers_files__ther', 'staging.int_files_kept_versions',
        for_quarter
    )
),

final as (
    select
        caseid,
        primaryid,
        quarter,
        drug_seq,
        start_dt as start_date,
        start_dt_precision as start_date_precision,
        start_dt_raw as start_date_raw,
        end_dt as end_date,
        end_dt_precision as end_date_precision,
        end_dt_raw as end_date_raw,
        dur as duration,
        upper(dur_cod) as duration_unit
    from case_rows
)

select * from final;

create or replace table main.case_therapies as
from staging.case_therapies_of_quarter(null)
with no data;

insert into main.case_therapies
from staging.case_therapies_of_quarter($quarter);

comment on table main.case_therapies is
    'One row per therapy period (THER) of a drug of every kept case of the whole FAERS, dates with their precision. Rules: docs/faers-files-dedup.md.';
comment on column main.case_therapies.caseid is 'The case (main.cases.caseid).';
comment on column main.case_therapies.primaryid is 'The kept version the row comes from (legacy: ISR).';
comment on column main.case_therapies.quarter is 'Quarter of the file the row was read from.';
comment on column main.case_therapies.drug_seq is 'The drug (main.case_drugs.drug_seq).';
comment on column main.case_therapies.start_date is 'Therapy start; first of the month or year for a partial date (start_date_precision 6 or 4); NULL when implausible.';
comment on column main.case_therapies.start_date_precision is '8 (day), 6 (month) or 4 (year); NULL when start_date is NULL.';
comment on column main.case_therapies.start_date_raw is 'start_dt as reported.';
comment on column main.case_therapies.end_date is 'Therapy end, same rules as start_date.';
comment on column main.case_therapies.end_date_precision is '8, 6 or 4 for end_date.';
comment on column main.case_therapies.end_date_raw is 'end_dt as reported.';
comment on column main.case_therapies.duration is 'dur as reported (text).';
comment on column main.case_therapies.duration_unit is 'dur_cod upper-cased: YR, MON, WK, DAY, HR, MIN, SEC.';
