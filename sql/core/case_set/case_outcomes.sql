-- main.case_outcomes (case_set.duckdb): one row per reported outcome of every kept case. Grain:
-- (caseid, outcome_code).
--
-- Rules:
--   exact duplicates      OUTC rows equal in every landed column but line_no count once
--                         (notes §3.6);
--   kept version only     rows join the case's kept version on (primaryid, quarter): a
--                         republished primaryid takes the later quarter's rows, and a legacy
--                         row takes its caseid from the same quarter's DEMO (ISR -> CASE);
--   outcome               DE death, LT life-threatening, HO hospitalization, DS disability,
--                         CA congenital anomaly, RI required intervention, OT other serious;
--                         another code -> NULL (outcome_code keeps it). FDA writes rows only for
--                         serious outcomes: no row is not a missing field.
-- depends_on: stg_faers_files__outc, int_files_kept_versions
-- (files_kept_case_rows takes both relations by name, in strings the run order cannot read)
--
-- Built one quarter at a time: the macro holds the rules for one quarter's rows, the table is
-- made empty from it, and the insert, which takes $quarter, runs once per landed quarter
-- (files_model.build_case_set; why: sql/macros/faers_files_case_rows.sql).
create or replace macro staging.case_outcomes_of_quarter(for_quarter) as table

with

case_rows as (
    select *
    from staging.files_kept_case_rows(
        'staging.stg_faers_files__outc', 'staging.int_files_kept_versions',
        for_quarter
    )
),

final as (
    select
        caseid,
        primaryid,
        quarter,
        upper(outc_cod) as outcome_code,
        staging.files_outcome(outc_cod) as outcome
    from case_rows
    where outc_cod is not null
)

select * from final;

create or replace table main.case_outcomes as
from staging.case_outcomes_of_quarter(null)
with no data;

insert into main.case_outcomes
from staging.case_outcomes_of_quarter($quarter);

comment on table main.case_outcomes is
    'One row per reported (serious) outcome of every kept case of the whole FAERS. Rules: docs/faers-files-dedup.md.';
comment on column main.case_outcomes.caseid is 'The case (main.cases.caseid).';
comment on column main.case_outcomes.primaryid is 'The kept version the row comes from (legacy: ISR).';
comment on column main.case_outcomes.quarter is 'Quarter of the file the row was read from.';
comment on column main.case_outcomes.outcome_code is 'outc_cod as reported, upper-cased (DE, LT, HO, DS, CA, RI, OT).';
comment on column main.case_outcomes.outcome is 'Label of outcome_code; NULL for an unknown code.';
