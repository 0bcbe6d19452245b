-- staging.int_files_kept_versions: one row per kept case, naming the version whose child rows
-- (DRUG, REAC, OUTC, RPSR, THER, INDI) the case tables take (docs/faers-files-dedup.md).
-- Grain: caseid; (primaryid_text, quarter) is unique too.
--
-- Rules:
--   kept version   the version int_files_version_fates gives the fate 'kept';
--   join key       (primaryid_text, quarter): a republished primaryid takes the later
--                  quarter's rows, and a legacy row takes its caseid from the same
--                  quarter's DEMO (ISR -> CASE).
create or replace table staging.int_files_kept_versions as

with

kept as (
    select
        caseid,
        primaryid_text,
        quarter
    from staging.int_files_version_fates
    where fate = 'kept'
),

final as (
    select * from kept
)

select * from final;
