-- staging.int_files_demo_versions: one row per distinct DEMO row of every quarter, both eras:
-- the report versions the case set chooses from (notes §5.1-5.3; docs/faers-files-design.md,
-- "The case set" rules 1-2). Narrow on purpose: the keys and the fields the version rules
-- read; a kept version's other DEMO fields are read by line (int_files_case_demographics), so
-- the 25 M versions of FAERS are never carried whole through the windows.
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
--                          Legacy ISRs and FAERS primaryids are compared within their era
--                          (staging.files_is_older_copy, sql/macros/faers_files_macros.sql).
--   legacy versions        AERS rows have no caseversion (NULL, which ranks lowest); their
--                          caseid is the CASE column (the reader renamed it).
create or replace table staging.int_files_demo_versions as

with

demo as (
    select
        quarter,
        era,
        file_name,
        line_no,
        row_hash,
        primaryid,
        primaryid_text,
        caseid,
        caseversion,
        fda_dt
    from staging.stg_faers_files__demo
),

first_lines as (
    select
        quarter,
        file_name,
        row_hash,
        min(line_no) as line_no,
        count(*) as exact_copies
    from demo
    group by quarter, file_name, row_hash
),

distinct_rows as (
    select
        demo.*,
        first_lines.exact_copies
    from demo
    join first_lines
        on demo.quarter = first_lines.quarter
        and demo.file_name = first_lines.file_name
        and demo.line_no = first_lines.line_no
),

republished as (
    select
        *,
        staging.files_is_older_copy(era, primaryid_text, quarter, fda_dt, line_no)
            as is_older_copy
    from distinct_rows
),

final as (
    select * from republished
)

select * from final;
