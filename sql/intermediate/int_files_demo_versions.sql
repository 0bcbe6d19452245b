-- staging.int_files_demo_versions: one row per distinct DEMO row of every quarter, both eras:
-- the report versions the case set chooses from (notes §5.1-5.3; docs/faers-files-design.md,
-- "The case set" rules 1-2).
--
-- Rules:
--   exact duplicates       rows equal in every landed column but line_no (same row_hash)
--                          count once: the first line is kept, exact_copies says how many
--                          lines it stood for;
--   republished primaryid  the same primaryid in several quarters (or twice in one quarter)
--                          is one version: the copy from the latest quarter wins (then the
--                          latest fda_dt, then the last line), and the others get
--                          is_older_copy = true. Child rows are joined on (primaryid, quarter)
--                          to the winning copy only, so an older quarter's drugs never attach.
--                          Legacy ISRs and FAERS primaryids are compared within their era.
--   legacy versions        AERS rows have no caseversion (NULL, which ranks lowest); their
--                          caseid is the CASE column (the reader renamed it).
create or replace table staging.int_files_demo_versions as

with

demo as (
    select * from staging.stg_faers_files__demo
),

distinct_rows as (
    select
        *,
        count(*) over (partition by quarter, row_hash) as exact_copies
    from demo
    qualify row_number() over (partition by quarter, row_hash order by line_no) = 1
),

republished as (
    select
        *,
        primaryid_text is not null
        and row_number() over (
            partition by era, primaryid_text
            order by quarter desc, fda_dt desc nulls last, line_no desc
        ) > 1 as is_older_copy
    from distinct_rows
),

final as (
    select * from republished
)

select * from final;
