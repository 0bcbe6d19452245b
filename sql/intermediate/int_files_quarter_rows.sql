-- staging.int_files_quarter_rows: per landed quarter, what the landing holds of it: rows read
-- per table, exact duplicates, quarantined lines and deleted-list entries. Grain: quarter.
-- main.funnel adds the fates of the quarter's versions. The case set keeps these rows in its
-- private state (increment.quarter_rows), so the funnel of a case set a quarter was added to
-- is recomputed without reading the earlier quarters again (ketamine_faers/case_set_increment.py).
--
-- Rules:
--   rows read             landed rows per table (rows_read_demo ... rows_read_indi), and
--                         lines the reader could not read (rows_quarantined);
--   exact duplicates      rows of the seven tables equal to an earlier row of the quarter but
--                         for line_no (the same row_hash), counted once by the case set;
--                         demo_exact_duplicates counts those of DEMO;
--   deleted ids listed    entries of the quarter's deleted-case lists, numeric or not.
create or replace table staging.int_files_quarter_rows as

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
        coalesce(sum(copies - 1) filter (where table_name = 'demo'), 0)::bigint
            as demo_exact_duplicates
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

quarters as (
    select quarter from rows_per_table
    union
    select quarter from quarantined
    union
    select quarter from deleted_listed
),

final as (
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
        coalesce(deleted_listed.deleted_ids_listed, 0) as deleted_ids_listed
    from quarters
    left join rows_per_table
        on quarters.quarter = rows_per_table.quarter
    left join quarantined
        on quarters.quarter = quarantined.quarter
    left join deleted_listed
        on quarters.quarter = deleted_listed.quarter
)

select * from final;
