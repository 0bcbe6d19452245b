-- staging.int_files_quarter_rows: per landed quarter, what the landing holds of it: rows read
-- per table, exact duplicates, quarantined lines and deleted-list entries. Grain: quarter.
-- main.funnel adds the fates of the quarter's versions. The case set keeps these rows in its
-- private state (increment.quarter_rows), so the funnel of a case set a quarter was added to
-- is recomputed without reading the earlier quarters again (ketamine_faers/case_set_increment.py).
--
-- Rules:
--   landed quarter        every quarter the landing holds a row of, in any table (a file read,
--                         a landed row, a quarantined line, a deleted-list entry), with zeros
--                         where it holds nothing of a table;
--   rows read             landed rows per table (rows_read_demo ... rows_read_indi), and
--                         lines the reader could not read (rows_quarantined);
--   exact duplicates      rows of the seven tables equal to an earlier row of the quarter but
--                         for line_no (the same row_hash), counted once by the case set;
--                         demo_exact_duplicates counts those of DEMO;
--   deleted ids listed    entries of the quarter's deleted-case lists, numeric or not.
-- depends_on: stg_faers_files__file_reads, stg_faers_files__quarantine, stg_faers_files__deleted
--
-- Built one quarter at a time, like the case tables: the macro holds the rules for one
-- quarter, the table is made empty from it, and the insert, which takes $landed_quarter, runs
-- once per landed quarter (files_model.run_case_set_models). Exact duplicates share a quarter
-- (the quarter is part of row_hash), so the slices add up to the whole. At FAERS's real size
-- (330 M landed rows) the whole landing in one group-by ran out of memory at the case set's
-- 5 GiB, even keyed on numbers; one quarter holds at most about 6 M rows
-- (benchmarks/RESULTS.md).
create or replace macro staging.int_files_quarter_rows_of_quarter(for_quarter) as table

with

table_rows as (
    select 1 as table_id, row_hash from staging.stg_faers_files__demo
    where quarter = for_quarter
    union all
    select 2 as table_id, row_hash from staging.stg_faers_files__drug
    where quarter = for_quarter
    union all
    select 3 as table_id, row_hash from staging.stg_faers_files__reac
    where quarter = for_quarter
    union all
    select 4 as table_id, row_hash from staging.stg_faers_files__outc
    where quarter = for_quarter
    union all
    select 5 as table_id, row_hash from staging.stg_faers_files__rpsr
    where quarter = for_quarter
    union all
    select 6 as table_id, row_hash from staging.stg_faers_files__ther
    where quarter = for_quarter
    union all
    select 7 as table_id, row_hash from staging.stg_faers_files__indi
    where quarter = for_quarter
),

-- copies per distinct row first, then per table
row_copies as (
    select
        table_id,
        row_hash,
        count(*) as copies
    from table_rows
    group by table_id, row_hash
),

rows_per_table as (
    select
        coalesce(sum(copies) filter (where table_id = 1), 0)::bigint as rows_read_demo,
        coalesce(sum(copies) filter (where table_id = 2), 0)::bigint as rows_read_drug,
        coalesce(sum(copies) filter (where table_id = 3), 0)::bigint as rows_read_reac,
        coalesce(sum(copies) filter (where table_id = 4), 0)::bigint as rows_read_outc,
        coalesce(sum(copies) filter (where table_id = 5), 0)::bigint as rows_read_rpsr,
        coalesce(sum(copies) filter (where table_id = 6), 0)::bigint as rows_read_ther,
        coalesce(sum(copies) filter (where table_id = 7), 0)::bigint as rows_read_indi,
        coalesce(sum(copies) - count(*), 0)::bigint as exact_duplicate_rows,
        coalesce(sum(copies - 1) filter (where table_id = 1), 0)::bigint
            as demo_exact_duplicates
    from row_copies
),

quarantined as (
    select count(*) as rows_quarantined
    from staging.stg_faers_files__quarantine
    where quarter = for_quarter
),

deleted_listed as (
    select count(*) as deleted_ids_listed
    from staging.stg_faers_files__deleted
    where quarter = for_quarter
),

final as (
    select
        for_quarter::varchar as quarter,
        rows_per_table.rows_read_demo,
        rows_per_table.rows_read_drug,
        rows_per_table.rows_read_reac,
        rows_per_table.rows_read_outc,
        rows_per_table.rows_read_rpsr,
        rows_per_table.rows_read_ther,
        rows_per_table.rows_read_indi,
        quarantined.rows_quarantined,
        rows_per_table.exact_duplicate_rows,
        rows_per_table.demo_exact_duplicates,
        deleted_listed.deleted_ids_listed
    from rows_per_table, quarantined, deleted_listed
)

select * from final;

create or replace table staging.int_files_quarter_rows as
from staging.int_files_quarter_rows_of_quarter(null)
with no data;

insert into staging.int_files_quarter_rows
from staging.int_files_quarter_rows_of_quarter($landed_quarter);
