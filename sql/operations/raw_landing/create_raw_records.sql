-- Raw landing: one row per record exactly as openFDA sent it, per quarter of receivedate.
-- Lives in the private raw database ($FAERS_DATA_DIR/work/raw.duckdb); the build attaches it
-- read-only as catalog `raw`. A quarter is replaced as a whole inside one transaction
-- (delete_raw_quarter.sql then insert_raw_page.sql per page), so a crash leaves the last copy.
create table if not exists raw_records (
    quarter             varchar   not null,  -- partition key, e.g. '2021Q1' (quarter asked for)
    record_seq          integer   not null,  -- 1-based position of the record in the fetch
    safetyreportid      varchar,             -- as sent; NULL when the record has none
    record              json      not null,  -- the record, verbatim JSON
    fetched_at          timestamp not null,  -- UTC time the quarter's fetch started
    source_last_updated date,                -- openFDA meta.last_updated of the page
    primary key (quarter, record_seq)
);

create table if not exists raw_fetches (
    quarter             varchar   primary key,
    fetched_at          timestamp not null,  -- UTC
    records             integer   not null,  -- records stored
    api_total           integer   not null,  -- openFDA meta.results.total (0 for a 404)
    requests            integer   not null,  -- HTTP requests, retries included
    retries             integer   not null,
    source_base_url     varchar   not null,  -- base address only; never the key
    source_last_updated date,
    synthetic           boolean   not null   -- true when served from the bundled sample
);
