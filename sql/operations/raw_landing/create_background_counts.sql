-- Background counts: how many reports in ALL of FAERS (not just ours) fall in a quarter, name a
-- product, or carry an effect term or category. They are the c and d cells of the 2x2 tables in
-- `signals`; openFDA can't be downloaded whole, so each number is one openFDA request
-- (`search=...&limit=0` -> meta.results.total), listed by
-- ketamine_faers.sources.openfda.background.background_queries. Lives in the raw database beside
-- raw_records; the build reads it as raw.background_counts.
--
-- A quarter is fetched once and cached. A row is refetched when its quarter is refreshed (the
-- newest quarters, like raw_records) or when the search that produced it changes (the effect
-- term list changed): compare `search` with the newly generated query.
create table if not exists background_counts (
    quarter             varchar   not null,  -- quarter of receivedate, e.g. '2021Q1'
    measure             varchar   not null,  -- total_reports | product_reports | reports_with_term | category_reports
    key                 varchar   not null,  -- 'all' | product | MedDRA term | '<category>/<scope>'
    search              varchar   not null,  -- the exact openFDA search sent (provenance, cache key)
    report_count        bigint    not null,  -- meta.results.total (0 when openFDA answered 404)
    fetched_at          timestamp not null,  -- UTC
    source_last_updated date,                -- openFDA meta.last_updated at fetch time
    synthetic           boolean   not null,  -- true when served by the bundled local openFDA
    primary key (quarter, measure, key),
    check (measure in ('total_reports', 'product_reports', 'reports_with_term', 'category_reports')),
    check (report_count >= 0)
);
