-- main.deleted_cases (case_set.duckdb): one row per caseid on any of FDA's deleted-case lists,
-- kept so the removal stays auditable (notes §5.4). Grain: caseid.
--
-- Rules:
--   every list, all data   a caseid listed in any quarter's zip is removed from main.cases
--                          and the other case tables, in both eras;
--   audit                  versions_removed counts the distinct versions (DEMO rows) the files
--                          held of it, 0 when none was landed; latest_* name the version that
--                          would have been kept (the same ranking as int_files_version_fates).
create or replace table main.deleted_cases as

with

deleted_ids as (
    select * from staging.int_files_deleted_ids
),

removed_versions as (
    select
        caseid,
        count(*) as versions_removed,
        any_value(primaryid) filter (where case_rank = 1) as latest_primaryid,
        any_value(quarter) filter (where case_rank = 1) as latest_quarter,
        any_value(era) filter (where case_rank = 1) as latest_era
    from staging.int_files_version_fates
    where fate = 'deleted'
    group by caseid
),

final as (
    select
        deleted_ids.caseid,
        deleted_ids.listed_in,
        deleted_ids.first_listed_quarter,
        coalesce(removed_versions.versions_removed, 0) as versions_removed,
        removed_versions.latest_primaryid,
        removed_versions.latest_quarter,
        removed_versions.latest_era
    from deleted_ids
    left join removed_versions
        on deleted_ids.caseid = removed_versions.caseid
)

select * from final;

comment on table main.deleted_cases is
    'One row per caseid on any deleted-case list of any quarter: removed from the case set, kept here for audit. Rules: docs/faers-files-dedup.md.';
comment on column main.deleted_cases.caseid is 'The deleted case number.';
comment on column main.deleted_cases.listed_in is 'Quarters whose zip listed the caseid as deleted.';
comment on column main.deleted_cases.first_listed_quarter is 'First quarter that listed it.';
comment on column main.deleted_cases.versions_removed is 'Distinct versions (DEMO rows) of the case the files held, all removed; 0 when none was landed.';
comment on column main.deleted_cases.latest_primaryid is 'The version that would have been kept.';
comment on column main.deleted_cases.latest_quarter is 'Quarter of latest_primaryid.';
comment on column main.deleted_cases.latest_era is 'Era of latest_primaryid.';
