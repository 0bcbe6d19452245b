-- faers_files.quarantine: one row per line of the quarterly files the reader could not read
-- (the landing's quarantine table, all drugs: a line that cannot be read cannot be told to
-- name ketamine or not). Grain: (quarter, file_name, line_no).
--
-- Rules:
--   as landed            quarter, file, line number, reason and the raw text as the reader
--                        kept them (staging.stg_faers_files__quarantine: text trimmed, ''
--                        -> NULL, raw_text untouched); every landed row is a line of its
--                        own (two lines of equal text are two rows), as the case set's
--                        funnel counts them.
create or replace table faers_files.quarantine as

with

quarantined as (
    select * from staging.stg_faers_files__quarantine
),

final as (
    select
        quarter,
        era,
        table_name,
        file_name,
        line_no,
        reason,
        raw_text
    from quarantined
)

select * from final
order by quarter, file_name, line_no;

comment on table faers_files.quarantine is
    'One row per line of FDA''s quarterly files that the reader could not read (all drugs), with why and its raw text. Counted per quarter in faers_files.quarters.rows_quarantined.';
comment on column faers_files.quarantine.quarter is 'Quarter (YYYYQn) of the zip the line came from.';
comment on column faers_files.quarantine.era is '''aers'' (legacy, 2004Q1-2012Q3) or ''faers''.';
comment on column faers_files.quarantine.table_name is 'FDA table the line belongs to: demo, drug, reac, outc, rpsr, ther or indi.';
comment on column faers_files.quarantine.file_name is 'The member''s path inside the zip, as FDA named it.';
comment on column faers_files.quarantine.line_no is '1-based line number in that file (the header is line 1).';
comment on column faers_files.quarantine.reason is 'Why the line could not be read (the reader''s message, e.g. too many fields).';
comment on column faers_files.quarantine.raw_text is 'The line as read, verbatim.';
