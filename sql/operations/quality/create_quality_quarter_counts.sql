-- quality_quarter_counts: each validation run's record counts per quarter (the facts of the
-- quarter_counts suite), appended. The last run that passed (no error-level failure) is the
-- "last build" a quarter's report count is compared with, to catch a broken fetch.
create table if not exists quality_quarter_counts (
    run_id              varchar   not null,
    validated_at        timestamp not null,
    quarter             varchar   not null,
    fetched             boolean,
    api_total           bigint,
    raw_records         bigint    not null,
    clean_reports       bigint    not null,
    quarantined_records bigint    not null,
    lost_records        bigint    not null,
    double_records      bigint    not null,
    previous_reports    bigint,
    passed              boolean   not null
);

comment on table quality_quarter_counts is 'Record counts per quarter at each validation run (raw, reports, quarantined, lost, double), appended; the last passed run is the baseline of the report-count drop check.';
comment on column quality_quarter_counts.run_id is 'The pipeline run that validated.';
comment on column quality_quarter_counts.validated_at is 'When the counts were validated (UTC).';
comment on column quality_quarter_counts.quarter is 'Quarter of receivedate, e.g. 2021Q1.';
comment on column quality_quarter_counts.fetched is 'The quarter has a raw_fetches row (it was fetched).';
comment on column quality_quarter_counts.api_total is 'openFDA meta.results.total when the quarter was fetched.';
comment on column quality_quarter_counts.raw_records is 'Raw records landed for the quarter.';
comment on column quality_quarter_counts.clean_reports is 'reports rows of the quarter.';
comment on column quality_quarter_counts.quarantined_records is 'quarantine rows of the quarter.';
comment on column quality_quarter_counts.lost_records is 'Raw records of the quarter in neither reports nor quarantine (on the raw key quarter, record_seq).';
comment on column quality_quarter_counts.double_records is 'Raw records of the quarter in both reports and quarantine.';
comment on column quality_quarter_counts.previous_reports is 'reports rows of the quarter in the last build that passed validation.';
comment on column quality_quarter_counts.passed is 'The whole validation run had no error-level failure.';
