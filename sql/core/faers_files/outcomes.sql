-- faers_files.outcomes: one row per reported (serious) outcome of every case of
-- faers_files.cases, from the case set's case_outcomes (the kept version's OUTC rows, exact
-- duplicates once). Grain: (caseid, outcome_code).
--
-- Rules:
--   which rows           outcomes of the cases in faers_files.cases only;
--   quarter              the quarter of the case;
--   outcome              DE death, LT life-threatening, HO hospitalization, DS disability,
--                        CA congenital anomaly, RI required intervention, OT other serious;
--                        another code -> NULL (outcome_code keeps it). FDA writes rows only
--                        for serious outcomes: a case without a row is not a missing value.
create or replace table faers_files.outcomes as

with

cases as (
    select
        caseid,
        quarter
    from faers_files.cases
),

case_outcomes as (
    select * from case_set.main.case_outcomes
),

final as (
    select distinct
        case_outcomes.caseid,
        cases.quarter,
        case_outcomes.outcome_code,
        case_outcomes.outcome
    from case_outcomes
    join cases
        on case_outcomes.caseid = cases.caseid
)

select * from final
order by caseid, outcome_code;

comment on table faers_files.outcomes is
    'One row per reported serious outcome (OUTC row of the kept version) of every case in faers_files.cases; faers_files.cases carries the same as one flag per outcome. Counts are reports, not incidence.';
comment on column faers_files.outcomes.caseid is 'The case (faers_files.cases.caseid).';
comment on column faers_files.outcomes.quarter is 'Quarter (YYYYQn) of the case''s kept version.';
comment on column faers_files.outcomes.outcome_code is 'outc_cod as reported, upper-cased: DE, LT, HO, DS, CA, RI, OT.';
comment on column faers_files.outcomes.outcome is '''death'', ''life-threatening'', ''hospitalization'', ''disability'', ''congenital anomaly'', ''required intervention'' or ''other serious''; NULL for an unknown code.';
