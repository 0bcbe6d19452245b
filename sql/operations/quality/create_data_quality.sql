-- data_quality: every expectation of every suite, every validation run, appended (never
-- replaced), so the history of a table's quality stays queryable. Written by
-- ketamine_faers.quality.record_results; one row per expectation per suite per run.
create table if not exists data_quality (
    run_id         varchar   not null,
    validated_at   timestamp not null,
    suite          varchar   not null,
    table_name     varchar   not null,
    expectation    varchar   not null,
    column_name    varchar,
    success        boolean   not null,
    observed_value varchar,
    severity       varchar   not null check (severity in ('error', 'warning')),
    details        varchar,
    description    varchar,
    expectation_id varchar
);

comment on table data_quality is 'Great Expectations results: one row per expectation of every suite (expectations/*.json) per validation run, appended. An error-level failure blocks publishing; a warning only shows.';
comment on column data_quality.run_id is 'The pipeline run that validated (Dagster run id).';
comment on column data_quality.validated_at is 'When the suite was validated (UTC).';
comment on column data_quality.suite is 'Suite name: the file expectations/<suite>.json.';
comment on column data_quality.table_name is 'The table the suite validates, e.g. main.reports or raw.raw_records.';
comment on column data_quality.expectation is 'GX expectation type, e.g. expect_column_values_to_be_unique.';
comment on column data_quality.column_name is 'The column checked; "a,b" for a column pair or compound key; NULL for table-level expectations.';
comment on column data_quality.success is 'True when the expectation held. A table that could not be read fails every expectation.';
comment on column data_quality.observed_value is 'What GX saw, as text: the observed value, or "n of N rows unexpected (e.g. ...)", or why it could not be validated.';
comment on column data_quality.severity is 'error (blocks publishing) or warning (shown, does not block). GX severity critical is recorded as error.';
comment on column data_quality.details is 'JSON: the expectation''s kwargs, GX''s result (counts and a sample of unexpected values) and any exception.';
comment on column data_quality.description is 'What the expectation guards, in words (from the suite file).';
comment on column data_quality.expectation_id is 'Stable id of the expectation (derived from suite, type and kwargs): follows one expectation across runs.';
