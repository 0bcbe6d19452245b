-- staging.int_files_deleted_ids: one row per caseid on any of FDA's deleted-case lists, from
-- every quarter's zip (notes §2.2, §5.4; contract rule 4).
--
-- Rules:
--   every list applies to all data   a caseid listed in any quarter is removed from the
--                                    analysis set in both eras, whenever it was published;
--   ids                              only numeric entries (int_files_deleted_listings);
--                                    listed_in names every quarter whose zip listed the id.
create or replace table staging.int_files_deleted_ids as

with

listings as (
    select
        caseid,
        quarter
    from staging.int_files_deleted_listings
),

per_case as (
    select
        caseid,
        list_sort(list_distinct(list(quarter))) as listed_in,
        min(quarter) as first_listed_quarter
    from listings
    group by caseid
),

final as (
    select
        caseid,
        listed_in,
        first_listed_quarter
    from per_case
)

select * from final;
