-- main.funnel (case_set.duckdb): per quarter, what came in from the landing and what became
-- of it, so the case set can be reconciled with the files. Grain: quarter.
--
-- Rules:
--   rows read             landed rows per table, quarantined lines, exact duplicates and
--                         deleted-list entries (int_files_quarter_rows);
--   versions              distinct DEMO rows (versions_read), each with exactly one fate
--                         (int_files_version_fates), counted in the quarter it was read from:
--                         cases_kept, versions_superseded (republished_copies among them),
--                         deleted_removed, versions_without_caseid;
--   reconciles            versions_read = cases_kept + versions_superseded + deleted_removed
--                         + versions_without_caseid, and rows_read_demo = versions_read +
--                         the DEMO exact duplicates.
-- The incremental add runs this file on its private state (increment.quarter_rows and
-- increment.versions with the new quarter's rows), a group-by that reads no landed row.
create or replace table main.funnel as

with

quarter_rows as (
    select * from staging.int_files_quarter_rows
),

fates as (
    select
        quarter,
        count(*) as versions_read,
        count(*) filter (where fate = 'kept') as cases_kept,
        count(*) filter (where fate = 'superseded') as versions_superseded,
        count(*) filter (where fate = 'superseded' and is_older_copy) as republished_copies,
        count(*) filter (where fate = 'deleted') as deleted_removed,
        count(*) filter (where fate = 'no caseid') as versions_without_caseid
    from staging.int_files_version_fates
    group by quarter
),

counted as (
    select
        quarter_rows.quarter,
        quarter_rows.rows_read_demo,
        quarter_rows.rows_read_drug,
        quarter_rows.rows_read_reac,
        quarter_rows.rows_read_outc,
        quarter_rows.rows_read_rpsr,
        quarter_rows.rows_read_ther,
        quarter_rows.rows_read_indi,
        quarter_rows.rows_quarantined,
        quarter_rows.exact_duplicate_rows,
        quarter_rows.demo_exact_duplicates,
        coalesce(fates.versions_read, 0) as versions_read,
        coalesce(fates.versions_superseded, 0) as versions_superseded,
        coalesce(fates.republished_copies, 0) as republished_copies,
        coalesce(fates.deleted_removed, 0) as deleted_removed,
        coalesce(fates.versions_without_caseid, 0) as versions_without_caseid,
        coalesce(fates.cases_kept, 0) as cases_kept,
        quarter_rows.deleted_ids_listed
    from quarter_rows
    left join fates
        on quarter_rows.quarter = fates.quarter
),

final as (
    select
        *,
        versions_read
        = cases_kept + versions_superseded + deleted_removed + versions_without_caseid
        and rows_read_demo = versions_read + demo_exact_duplicates as reconciles
    from counted
)

select * from final
order by quarter;

comment on table main.funnel is
    'Per quarter: landed rows per table, quarantined lines, exact duplicates, and the fate of every report version (kept, superseded, deleted, without caseid); reconciles says the counts add up. Rules: docs/faers-files-dedup.md.';
comment on column main.funnel.versions_read is 'Distinct DEMO rows (report versions) read from the quarter.';
comment on column main.funnel.cases_kept is 'Versions of the quarter kept as their case''s latest version.';
comment on column main.funnel.versions_superseded is 'Versions replaced by a later version of the same case, or older copies of a republished primaryid.';
comment on column main.funnel.republished_copies is 'Among versions_superseded: older copies of a primaryid published again later.';
comment on column main.funnel.deleted_removed is 'Versions of cases on a deleted-case list.';
comment on column main.funnel.versions_without_caseid is 'Versions with no numeric caseid (never a case).';
comment on column main.funnel.reconciles is 'versions_read = cases_kept + versions_superseded + deleted_removed + versions_without_caseid, and rows_read_demo = versions_read + demo_exact_duplicates.';
