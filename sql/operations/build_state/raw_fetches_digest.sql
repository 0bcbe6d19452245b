-- What the raw landing holds, for the clean stage's fingerprint: every raw_fetches row (a
-- quarter's fetched_at changes whenever it is landed again) and, per quarter, the records
-- actually stored with their fetch times (a cheap scan of two columns).
with

fetches as (
    select * from raw.raw_fetches
),

stored as (
    select
        quarter,
        count(*)        as stored_records,
        min(fetched_at) as first_fetched_at,
        max(fetched_at) as last_fetched_at
    from raw.raw_records
    group by quarter
),

final as (
    select
        coalesce(fetches.quarter, stored.quarter) as quarter,
        fetches.* exclude (quarter),
        stored.stored_records,
        stored.first_fetched_at,
        stored.last_fetched_at
    from fetches
    full outer join stored on stored.quarter = fetches.quarter
)

select * from final
order by quarter
