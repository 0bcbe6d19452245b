-- Book-keeping row for the quarter just landed (one row per quarter, replaced each fetch).
insert or replace into raw_fetches
    (quarter, fetched_at, records, api_total, requests, retries, source_base_url,
     source_last_updated, synthetic)
values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
