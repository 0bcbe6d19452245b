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
create or replace table main.case_outcomes as

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
    select * from staging.stg_faers_files__outc
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
        upper(outc_cod) as outcome_code,
        staging.files_outcome(outc_cod) as outcome
    from case_rows
    where outc_cod is not null
)

select * from final;

comment on table main.case_outcomes is
    'One row per reported (serious) outcome of every kept case of the whole FAERS. Rules: docs/faers-files-dedup.md.';
comment on column main.case_outcomes.caseid is 'The case (main.cases.caseid).';
comment on column main.case_outcomes.primaryid is 'The kept version the row comes from (legacy: ISR).';
comment on column main.case_outcomes.quarter is 'Quarter of the file the row was read from.';
comment on column main.case_outcomes.outcome_code is 'outc_cod as reported, upper-cased (DE, LT, HO, DS, CA, RI, OT).';
comment on column main.case_outcomes.outcome is 'Label of outcome_code; NULL for an unknown code.';
