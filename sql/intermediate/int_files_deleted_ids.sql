-- staging.int_files_deleted_ids: one row per caseid on any of FDA's deleted-case lists, from
-- every quarter's zip (notes §2.2, §5.4; contract rule 4).
--
-- Rules:
--   every list applies to all data   a caseid listed in any quarter is removed from the
--                                    analysis set in both eras, whenever it was published;
--   ids                              non-numeric entries cannot name a case and are left out
--                                    (the landing keeps them); listed_in names every quarter
--                                    whose zip listed the id.
create or replace table staging.int_files_deleted_ids as

with

deleted as (
    select
        caseid,
        quarter
    from staging.stg_faers_files__deleted
    where caseid is not null
),

per_case as (
    select
        caseid,
        list_sort(list_distinct(list(quarter))) as listed_in,
        min(quarter) as first_listed_quarter
    from deleted
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
