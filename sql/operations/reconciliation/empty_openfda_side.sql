-- No openFDA tables in the build (a files-only build: openFDA not fetched yet): openFDA's
-- side of main.source_reconciliation as the relations openfda_side.sql makes, empty, so the
-- reconciliation lists every files case as 'files only', reason 'openFDA not fetched'.
create or replace table staging.openfda_side_reports (
    safetyreportid varchar,
    safetyreportversion integer,
    receive_date date,
    products varchar[]
);

create or replace table staging.openfda_side_quarantine (
    safetyreportid varchar,
    reason_code varchar,
    record json
);

create or replace table staging.openfda_side_fetches (
    source_last_updated date
);
