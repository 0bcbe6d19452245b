-- Macro of the case set: the rows of one quarter of one files staging view
-- (stg_faers_files__drug, __reac, __outc, __rpsr, __ther, __indi) that belong to a kept case,
-- each exact duplicate once. The six case tables of sql/core/case_set/ share these two rules,
-- so they are written once:
--
-- Rule "kept version only": rows join the case's kept version (kept_versions, the relation
--   staging.int_files_kept_versions: caseid, primaryid_text, quarter) on (primaryid_text,
--   quarter), and take its caseid. Both relations are passed by name, so a macro never reads
--   a later layer.
-- Rule "exact duplicates once": rows of one file equal in every landed column but line_no
--   (the same row_hash, notes §3.5) count once: the first line is kept.
--
-- Why one quarter: both rules hold within a quarter (a kept version's rows are those of its
--   quarter, and exact duplicates share a quarter since the quarter is part of row_hash), so
--   the case tables are filled one quarter at a time (files_model) and no step holds more than
--   FAERS's largest quarter; the whole of FAERS in one statement spilled more than 23 GB to
--   disk at its real size (benchmarks/RESULTS.md).
-- Why this shape: the kept lines are found on narrow columns (the join to the kept versions,
-- then the exact duplicates by (quarter, file_name, row_hash)), and the wide rows are read
-- once more and joined to them by line. Nothing wide is held: at FAERS's real size (100 M
-- DRUG rows) a shape that kept the joined wide rows to deduplicate them spilled more than
-- 23 GB to disk (benchmarks/RESULTS.md); a window over the wide rows was three times slower.
create or replace macro staging.files_kept_case_rows(source_view, kept_versions, for_quarter) as table

with

kept_lines as (
    select
        kept.caseid,
        source_keys.quarter,
        source_keys.file_name,
        min(source_keys.line_no) as line_no
    from query_table(source_view) as source_keys
    join query_table(kept_versions) as kept
        on source_keys.primaryid_text = kept.primaryid_text
        and source_keys.quarter = kept.quarter
    where source_keys.quarter = for_quarter
        and kept.quarter = for_quarter
    group by kept.caseid, source_keys.quarter, source_keys.file_name, source_keys.row_hash
),

final as (
    select
        kept_lines.caseid,
        source_rows.*
    from query_table(source_view) as source_rows
    join kept_lines
        on source_rows.quarter = kept_lines.quarter
        and source_rows.file_name = kept_lines.file_name
        and source_rows.line_no = kept_lines.line_no
    where source_rows.quarter = for_quarter
)

select * from final;
