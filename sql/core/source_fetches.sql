-- source_fetches: where and when each quarter was fetched, for analysts and the dashboards'
-- status line. A copy of the raw database's book-keeping without request counts; the base
-- address is stored without any key (the key never reaches a URL).
create or replace table main.source_fetches as
with
fetches as (
    select * from raw.raw_fetches
),
final as (
    select
        quarter,
        fetched_at,
        records,
        api_total,
        source_base_url,
        source_last_updated,
        synthetic
    from fetches
)
select quarter, fetched_at, records, api_total, source_base_url, source_last_updated, synthetic
from final
order by quarter;

comment on table main.source_fetches is 'One row per quarter fetched from openFDA: when, how many records, and whether it came from the bundled synthetic sample.';
comment on column main.source_fetches.quarter is 'Quarter of receivedate, e.g. 2021Q1.';
comment on column main.source_fetches.fetched_at is 'UTC time the quarter''s last complete fetch started.';
comment on column main.source_fetches.records is 'Records stored for the quarter (before cleaning).';
comment on column main.source_fetches.api_total is 'openFDA meta.results.total for the quarter''s search; equals records when the fetch was complete.';
comment on column main.source_fetches.source_base_url is 'openFDA base address the quarter came from (never a key).';
comment on column main.source_fetches.source_last_updated is 'openFDA meta.last_updated at fetch time: the date openFDA last refreshed its data.';
comment on column main.source_fetches.synthetic is 'True when the records came from the bundled SYNTHETIC sample served by the local openFDA service.';
