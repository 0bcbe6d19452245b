-- staging.int_files_version_fates: what became of every report version (distinct DEMO row):
-- exactly one fate each, so the funnel reconciles (notes §5.2-5.4; contract rules 2-4).
--
-- Rules, in this order:
--   'no caseid'   the row has no numeric caseid: it cannot be a case;
--   'deleted'     its caseid is on a deleted-case list of any quarter (int_files_deleted_ids),
--                 in either era; kept auditable in main.deleted_cases;
--   'superseded'  an older copy of a republished primaryid (int_files_demo_versions), or not
--                 the latest version of its caseid;
--   'kept'        the latest version of its caseid across all quarters and both eras: highest
--                 caseversion as an integer (NULL, the legacy rows' and non-integer values,
--                 ranks lowest; never compared as text, so version 37 beats version 9), then
--                 latest fda_dt, then latest quarter, then highest primaryid as an integer,
--                 then FAERS before AERS, then the last line.
-- A legacy CASE and a FAERS caseid with the same number are one case (notes §5.3): the FAERS
-- version wins by its caseversion.
-- case_rank is the version's place among its caseid's versions (1 = the latest; NULL for older
-- copies and versions without a caseid). The fates of one caseid depend only on its own
-- versions and the deleted lists, so the incremental add runs this file on the versions of the
-- caseids a new quarter touches (ketamine_faers/case_set_increment.py); fda_dt and
-- is_older_copy are kept for that (the case set's private state, increment.versions).
create or replace table staging.int_files_version_fates as

with

versions as (
    select
        quarter,
        era,
        file_name,
        line_no,
        primaryid,
        primaryid_text,
        caseid,
        caseversion,
        fda_dt,
        is_older_copy
    from staging.int_files_demo_versions
),

deleted as (
    select caseid from staging.int_files_deleted_ids
),

ranked as (
    select
        versions.*,
        deleted.caseid is not null as is_deleted,
        case
            when versions.caseid is not null and not versions.is_older_copy then row_number() over (
                partition by versions.caseid, versions.is_older_copy
                order by
                    versions.caseversion desc nulls last,
                    versions.fda_dt desc nulls last,
                    versions.quarter desc,
                    versions.primaryid desc nulls last,
                    versions.era = 'faers' desc,
                    versions.line_no desc
            )
        end as case_rank
    from versions
    left join deleted
        on versions.caseid = deleted.caseid
),

fated as (
    select
        *,
        case
            when caseid is null then 'no caseid'
            when is_deleted then 'deleted'
            when is_older_copy then 'superseded'
            when case_rank = 1 then 'kept'
            else 'superseded'
        end as fate
    from ranked
),

final as (
    select
        quarter,
        era,
        file_name,
        line_no,
        primaryid,
        primaryid_text,
        caseid,
        caseversion,
        fda_dt,
        is_older_copy,
        fate,
        case_rank
    from fated
)

select * from final;
