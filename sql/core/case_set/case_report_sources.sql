-- main.case_report_sources (case_set.duckdb): one row per report source of every kept case. Grain:
-- (caseid, source_code).
--
-- Rules:
--   exact duplicates      RPSR rows equal in every landed column but line_no count once
--                         (notes §3.6);
--   kept version only     rows join the case's kept version on (primaryid, quarter): a
--                         republished primaryid takes the later quarter's rows, and a legacy
--                         row takes its caseid from the same quarter's DEMO (ISR -> CASE);
--   source                FGN foreign, SDY study, LIT literature, CSM consumer, HP health
--                         professional, UF user facility, CR company representative, DT
--                         distributor, OTH other; another code -> NULL (source_code keeps it).
-- depends_on: stg_faers_files__rpsr, int_files_kept_versions
-- (files_kept_case_rows takes both relations by name, in strings the run order cannot read)
--
-- Built one quarter at a time: the macro holds the rules for one quarter's rows, the table is
-- made empty from it, and the insert, which takes $quarter, runs once per landed quarter
-- (files_model.build_case_set; why: sql/macros/faers_files_case_rows.sql).
create or replace macro staging.case_report_sources_of_quarter(for_quarter) as table

with

case_rows as (
    select *
    from staging.files_kept_case_rows(
        'staging.stg_faers_files__rpsr', 'staging.int_files_kept_versions',
        for_quarter
    )
),

final as (
    select
        caseid,
        primaryid,
        quarter,
        upper(rpsr_cod) as source_code,
        staging.files_report_source(rpsr_cod) as source
    from case_rows
    where rpsr_cod is not null
)

select * from final;

create or replace table main.case_report_sources as
from staging.case_report_sources_of_quarter(null)
with no data;

insert into main.case_report_sources
from staging.case_report_sources_of_quarter($quarter);

comment on table main.case_report_sources is
    'One row per report source (RPSR) of every kept case of the whole FAERS; nearly empty in modern quarters. Rules: docs/faers-files-dedup.md.';
comment on column main.case_report_sources.caseid is 'The case (main.cases.caseid).';
comment on column main.case_report_sources.primaryid is 'The kept version the row comes from (legacy: ISR).';
comment on column main.case_report_sources.quarter is 'Quarter of the file the row was read from.';
comment on column main.case_report_sources.source_code is 'rpsr_cod as reported, upper-cased.';
comment on column main.case_report_sources.source is 'Label of source_code; NULL for an unknown code.';
