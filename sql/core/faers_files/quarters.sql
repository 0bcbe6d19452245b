-- faers_files.quarters: one row per quarter of FDA's quarterly files: where its zip came from
-- (the downloads manifest, work/files/downloads.json) and the case set's funnel, what came
-- in from the quarter and what became of it. Grain: quarter.
--
-- Rules:
--   download             source_url, file_name, shown_size, bytes, sha256, downloaded_at from
--                        the downloads manifest (loaded by ketamine_faers.files_tables into
--                        staging.files_downloads_manifest, empty when there is none): NULL
--                        when the manifest is absent or does not list the quarter;
--   funnel               the case set's funnel (case_set.funnel) as it is: rows read per
--                        table, rows quarantined, exact duplicates, versions read, superseded,
--                        deleted removed, without caseid, cases kept (all drugs); NULL for a
--                        quarter the manifest lists but the landing does not hold;
--   target cases         target_cases_kept counts the cases of faers_files.cases whose kept
--                        version was read from the quarter.
create or replace table faers_files.quarters as

with

funnel as (
    select * from case_set.main.funnel
),

downloads as (
    select * from staging.files_downloads_manifest
),

target_cases as (
    select
        quarter,
        count(*) as target_cases_kept
    from faers_files.cases
    group by quarter
),

all_quarters as (
    select quarter from funnel
    union
    select quarter from downloads
),

final as (
    select
        all_quarters.quarter,
        case when all_quarters.quarter <= '2012Q3' then 'aers' else 'faers' end as era,
        downloads.url as source_url,
        downloads.file_name,
        downloads.shown_size,
        downloads.bytes,
        downloads.sha256,
        downloads.downloaded_at,
        funnel.rows_read_demo,
        funnel.rows_read_drug,
        funnel.rows_read_reac,
        funnel.rows_read_outc,
        funnel.rows_read_rpsr,
        funnel.rows_read_ther,
        funnel.rows_read_indi,
        funnel.rows_quarantined,
        funnel.exact_duplicate_rows,
        funnel.versions_read,
        funnel.versions_superseded,
        funnel.republished_copies,
        funnel.deleted_ids_listed,
        funnel.deleted_removed,
        funnel.versions_without_caseid,
        funnel.cases_kept,
        case
            when funnel.quarter is not null then coalesce(target_cases.target_cases_kept, 0)
        end as target_cases_kept,
        funnel.reconciles
    from all_quarters
    left join funnel
        on all_quarters.quarter = funnel.quarter
    left join downloads
        on all_quarters.quarter = downloads.quarter
    left join target_cases
        on all_quarters.quarter = target_cases.quarter
)

select * from final
order by quarter;

comment on table faers_files.quarters is
    'One row per quarter of FDA''s quarterly files: the zip''s source and checksum (downloads manifest) and the funnel from landed rows to kept cases. Counts are rows and reports, not incidence.';
comment on column faers_files.quarters.quarter is 'Quarter (YYYYQn) of the zip.';
comment on column faers_files.quarters.era is '''aers'' (legacy files, 2004Q1-2012Q3) or ''faers'' (2012Q4 on).';
comment on column faers_files.quarters.source_url is 'Address the zip was downloaded from (no user info); NULL when the downloads manifest is absent or does not list the quarter.';
comment on column faers_files.quarters.file_name is 'The zip''s file name as linked on FDA''s page; NULL without a manifest entry.';
comment on column faers_files.quarters.shown_size is 'The zip''s size as FDA''s page shows it (text, e.g. ''65.2MB''); NULL without a manifest entry.';
comment on column faers_files.quarters.bytes is 'Size of the downloaded zip in bytes; NULL without a manifest entry.';
comment on column faers_files.quarters.sha256 is 'SHA-256 of the downloaded zip (64 hex digits); NULL without a manifest entry.';
comment on column faers_files.quarters.downloaded_at is 'UTC time the download finished; NULL without a manifest entry.';
comment on column faers_files.quarters.rows_read_demo is 'DEMO rows landed from the quarter (all drugs); NULL when the quarter is not landed.';
comment on column faers_files.quarters.rows_read_drug is 'DRUG rows landed from the quarter.';
comment on column faers_files.quarters.rows_read_reac is 'REAC rows landed from the quarter.';
comment on column faers_files.quarters.rows_read_outc is 'OUTC rows landed from the quarter.';
comment on column faers_files.quarters.rows_read_rpsr is 'RPSR rows landed from the quarter.';
comment on column faers_files.quarters.rows_read_ther is 'THER rows landed from the quarter.';
comment on column faers_files.quarters.rows_read_indi is 'INDI rows landed from the quarter.';
comment on column faers_files.quarters.rows_quarantined is 'Lines of the quarter''s files the reader could not read (rows of faers_files.quarantine).';
comment on column faers_files.quarters.exact_duplicate_rows is 'Rows of the seven tables equal to an earlier row but for the line number, counted once.';
comment on column faers_files.quarters.versions_read is 'Distinct DEMO rows (report versions) read from the quarter.';
comment on column faers_files.quarters.versions_superseded is 'Versions replaced by a later version of the same case, or older copies of a republished primaryid.';
comment on column faers_files.quarters.republished_copies is 'Among versions_superseded: older copies of a primaryid published again in a later quarter.';
comment on column faers_files.quarters.deleted_ids_listed is 'Case ids on the quarter''s deleted-case list(s).';
comment on column faers_files.quarters.deleted_removed is 'Versions read from the quarter whose case is on any deleted-case list (removed).';
comment on column faers_files.quarters.versions_without_caseid is 'Versions with no numeric caseid (never a case).';
comment on column faers_files.quarters.cases_kept is 'Versions of the quarter kept as their case''s latest version, all drugs (whole-FAERS case set).';
comment on column faers_files.quarters.target_cases_kept is 'Among cases_kept: cases naming ketamine or esketamine (rows of faers_files.cases from the quarter).';
comment on column faers_files.quarters.reconciles is 'True when versions_read = cases_kept + versions_superseded + deleted_removed + versions_without_caseid and every DEMO row is a version or an exact duplicate of one.';
