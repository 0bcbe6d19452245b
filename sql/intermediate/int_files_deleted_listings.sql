-- staging.int_files_deleted_listings: one row per (caseid, quarter) of FDA's deleted-case
-- lists: the quarters whose zip listed each caseid (notes §2.2, §5.4; contract rule 4).
-- int_files_deleted_ids gathers them per caseid; the case set keeps them in its private
-- state (increment.deleted_listings), so a new quarter's list is added to the earlier ones
-- without reading the earlier quarters again (ketamine_faers/case_set_increment.py).
--
-- Rules:
--   ids         non-numeric entries cannot name a case and are left out (the landing keeps
--               them);
--   once        an id listed twice in one quarter's zip is one listing.
create or replace table staging.int_files_deleted_listings as

with

deleted as (
    select
        caseid,
        quarter
    from staging.stg_faers_files__deleted
    where caseid is not null
),

final as (
    select distinct
        caseid,
        quarter
    from deleted
)

select * from final;
