-- faers_files.report_sources: one row per report source of every case of faers_files.cases,
-- from the case set's case_report_sources (the kept version's RPSR rows, exact duplicates
-- once). Grain: (caseid, source_code).
--
-- Rules:
--   which rows           report sources of the cases in faers_files.cases only;
--   quarter              the quarter of the case;
--   source               FGN foreign, SDY study, LIT literature, CSM consumer, HP health
--                        professional, UF user facility, CR company representative, DT
--                        distributor, OTH other; another code -> NULL (source_code keeps it).
--                        Most modern reports have no RPSR row.
create or replace table faers_files.report_sources as

with

cases as (
    select
        caseid,
        quarter
    from faers_files.cases
),

case_report_sources as (
    select * from case_set.main.case_report_sources
),

final as (
    select distinct
        case_report_sources.caseid,
        cases.quarter,
        case_report_sources.source_code,
        case_report_sources.source
    from case_report_sources
    join cases
        on case_report_sources.caseid = cases.caseid
)

select * from final
order by caseid, source_code;

comment on table faers_files.report_sources is
    'One row per report source (RPSR row of the kept version) of every case in faers_files.cases; nearly empty in modern quarters.';
comment on column faers_files.report_sources.caseid is 'The case (faers_files.cases.caseid).';
comment on column faers_files.report_sources.quarter is 'Quarter (YYYYQn) of the case''s kept version.';
comment on column faers_files.report_sources.source_code is 'rpsr_cod as reported, upper-cased.';
comment on column faers_files.report_sources.source is '''foreign'' (FGN), ''study'' (SDY), ''literature'' (LIT), ''consumer'' (CSM), ''health professional'' (HP), ''user facility'' (UF), ''company representative'' (CR), ''distributor'' (DT), ''other'' (OTH); NULL for another code.';
