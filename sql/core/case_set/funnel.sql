-- main.funnel (case_set.duckdb): per quarter, what came in from the landing and what became
-- of it, so the case set can be reconciled with the files. Grain: quarter.
--
-- Rules:
--   rows read             landed rows per table (rows_read_demo ... rows_read_indi), and
--                         lines the reader could not read (rows_quarantined);
--   exact duplicates      rows of the seven tables equal to an earlier row but for line_no,
--                         counted once by the case set;
--   versions              distinct DEMO rows (versions_read), each with exactly one fate
--                         (int_files_version_fates), counted in the quarter it was read from:
--                         cases_kept, versions_superseded (republished_copies among them),
--                         deleted_removed, versions_without_caseid;
--   reconciles            versions_read = cases_kept + versions_superseded + deleted_removed
--                         + versions_without_caseid, and rows_read_demo = versions_read +
--                         the DEMO exact duplicates.
create or replace table main.funnel as

with

table_rows as (
    select quarter, 'demo' as table_name, row_hash from staging.stg_faers_files__demo
    union all
    select quarter, 'drug' as table_name, row_hash from staging.stg_faers_files__drug
    union all
    select quarter, 'reac' as table_name, row_hash from staging.stg_faers_files__reac
    union all
    select quarter, 'outc' as table_name, row_hash from staging.stg_faers_files__outc
    union all
    select quarter, 'rpsr' as table_name, row_hash from staging.stg_faers_files__rpsr
    union all
    select quarter, 'ther' as table_name, row_hash from staging.stg_faers_files__ther
    union all
    select quarter, 'indi' as table_name, row_hash from staging.stg_faers_files__indi
),

-- copies per distinct row first, then per quarter: a grouped count(distinct) cannot spill
-- to disk and ran out of memory on FAERS's 330 M landed rows; this group-by spills
row_copies as (
    select
        quarter,
        table_name,
        row_hash,
        count(*) as copies
    from table_rows
    group by quarter, table_name, row_hash
),

rows_per_table as (
    select
        quarter,
        coalesce(sum(copies) filter (where table_name = 'demo'), 0)::bigint as rows_read_demo,
        coalesce(sum(copies) filter (where table_name = 'drug'), 0)::bigint as rows_read_drug,
        coalesce(sum(copies) filter (where table_name = 'reac'), 0)::bigint as rows_read_reac,
        coalesce(sum(copies) filter (where table_name = 'outc'), 0)::bigint as rows_read_outc,
        coalesce(sum(copies) filter (where table_name = 'rpsr'), 0)::bigint as rows_read_rpsr,
        coalesce(sum(copies) filter (where table_name = 'ther'), 0)::bigint as rows_read_ther,
        coalesce(sum(copies) filter (where table_name = 'indi'), 0)::bigint as rows_read_indi,
        (sum(copies) - count(*))::bigint as exact_duplicate_rows,
        coalesce(sum(copies - 1) filter (where table_name = 'demo'), 0)::bigint as demo_exact_duplicates
    from row_copies
    group by quarter
),

quarantined as (
    select
        quarter,
        count(*) as rows_quarantined
    from staging.stg_faers_files__quarantine
    group by quarter
),

deleted_listed as (
    select
        quarter,
        count(*) as deleted_ids_listed
    from staging.stg_faers_files__deleted
    group by quarter
),

version_rows as (
    select
        fates.quarter,
        fates.fate,
        versions.is_older_copy
    from staging.int_files_version_fates as fates
    join staging.int_files_demo_versions as versions
        on fates.quarter = versions.quarter
        and fates.row_hash = versions.row_hash
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
    from version_rows
    group by quarter
),

quarters as (
    select quarter from rows_per_table
    union
    select quarter from quarantined
    union
    select quarter from deleted_listed
),

counted as (
    select
        quarters.quarter,
        coalesce(rows_per_table.rows_read_demo, 0) as rows_read_demo,
        coalesce(rows_per_table.rows_read_drug, 0) as rows_read_drug,
        coalesce(rows_per_table.rows_read_reac, 0) as rows_read_reac,
        coalesce(rows_per_table.rows_read_outc, 0) as rows_read_outc,
        coalesce(rows_per_table.rows_read_rpsr, 0) as rows_read_rpsr,
        coalesce(rows_per_table.rows_read_ther, 0) as rows_read_ther,
        coalesce(rows_per_table.rows_read_indi, 0) as rows_read_indi,
        coalesce(quarantined.rows_quarantined, 0) as rows_quarantined,
        coalesce(rows_per_table.exact_duplicate_rows, 0) as exact_duplicate_rows,
        coalesce(rows_per_table.demo_exact_duplicates, 0) as demo_exact_duplicates,
        coalesce(fates.versions_read, 0) as versions_read,
        coalesce(fates.versions_superseded, 0) as versions_superseded,
        coalesce(fates.republished_copies, 0) as republished_copies,
        coalesce(fates.deleted_removed, 0) as deleted_removed,
        coalesce(fates.versions_without_caseid, 0) as versions_without_caseid,
        coalesce(fates.cases_kept, 0) as cases_kept,
        coalesce(deleted_listed.deleted_ids_listed, 0) as deleted_ids_listed
    from quarters
    left join rows_per_table
        on quarters.quarter = rows_per_table.quarter
    left join quarantined
        on quarters.quarter = quarantined.quarter
    left join deleted_listed
        on quarters.quarter = deleted_listed.quarter
    left join fates
        on quarters.quarter = fates.quarter
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
