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

-- Every key of the big group-by is a number: the quarter as year * 10 + q (2024Q2 -> 20242)
-- and the table as 1..7. At FAERS's real size (330 M landed rows) a grouped
-- count(distinct row_hash), and then a group-by keyed on the quarter's text, ran out of
-- memory at the case set's 5 GiB; numeric keys spill (benchmarks/RESULTS.md).
table_rows as (
    select staging.files_quarter_number(quarter) as quarter_number, 1 as table_id, row_hash
    from staging.stg_faers_files__demo
    union all
    select staging.files_quarter_number(quarter) as quarter_number, 2 as table_id, row_hash
    from staging.stg_faers_files__drug
    union all
    select staging.files_quarter_number(quarter) as quarter_number, 3 as table_id, row_hash
    from staging.stg_faers_files__reac
    union all
    select staging.files_quarter_number(quarter) as quarter_number, 4 as table_id, row_hash
    from staging.stg_faers_files__outc
    union all
    select staging.files_quarter_number(quarter) as quarter_number, 5 as table_id, row_hash
    from staging.stg_faers_files__rpsr
    union all
    select staging.files_quarter_number(quarter) as quarter_number, 6 as table_id, row_hash
    from staging.stg_faers_files__ther
    union all
    select staging.files_quarter_number(quarter) as quarter_number, 7 as table_id, row_hash
    from staging.stg_faers_files__indi
),

-- copies per distinct row first, then per quarter
row_copies as (
    select
        quarter_number,
        table_id,
        row_hash,
        count(*) as copies
    from table_rows
    group by quarter_number, table_id, row_hash
),

rows_per_table_by_number as (
    select
        quarter_number,
        coalesce(sum(copies) filter (where table_id = 1), 0)::bigint as rows_read_demo,
        coalesce(sum(copies) filter (where table_id = 2), 0)::bigint as rows_read_drug,
        coalesce(sum(copies) filter (where table_id = 3), 0)::bigint as rows_read_reac,
        coalesce(sum(copies) filter (where table_id = 4), 0)::bigint as rows_read_outc,
        coalesce(sum(copies) filter (where table_id = 5), 0)::bigint as rows_read_rpsr,
        coalesce(sum(copies) filter (where table_id = 6), 0)::bigint as rows_read_ther,
        coalesce(sum(copies) filter (where table_id = 7), 0)::bigint as rows_read_indi,
        (sum(copies) - count(*))::bigint as exact_duplicate_rows,
        coalesce(sum(copies - 1) filter (where table_id = 1), 0)::bigint
            as demo_exact_duplicates
    from row_copies
    group by quarter_number
),

rows_per_table as (
    select
        staging.files_quarter_text(quarter_number) as quarter,
        * exclude (quarter_number)
    from rows_per_table_by_number
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
