"""The real GX suites of expectations/ on small, explicit DuckDB tables.

A good build passes every error-level expectation; each deliberately broken table fails the
expectation meant for it, with its severity. No mocking: real DuckDB, real Great Expectations.
"""

from __future__ import annotations

import json
from datetime import date

import duckdb
import pytest

from ketamine_faers import quality
from ketamine_faers.sql_files import run_sql

RUN = "run-1"
TODAY = date(2024, 6, 30)

# Raw landing: two quarters; the third record of 2021Q1 has an impossible receivedate and is
# quarantined.
RAW_SQL = """
create table raw.raw_records (
    quarter varchar not null, record_seq integer not null, safetyreportid varchar,
    record json not null, fetched_at timestamp not null, source_last_updated date,
    primary key (quarter, record_seq));
create table raw.raw_fetches (
    quarter varchar primary key, fetched_at timestamp not null, records integer not null,
    api_total integer not null, requests integer not null, retries integer not null,
    source_base_url varchar not null, source_last_updated date, synthetic boolean not null);
insert into raw.raw_records values
    ('2021Q1', 1, '100', '{"safetyreportid": "100"}', '2024-06-01 10:00', '2024-05-28'),
    ('2021Q1', 2, '101', '{"safetyreportid": "101"}', '2024-06-01 10:00', '2024-05-28'),
    ('2021Q1', 3, '102', '{"safetyreportid": "102", "receivedate": "20211399"}',
                                                       '2024-06-01 10:00', '2024-05-28'),
    ('2021Q2', 1, '200', '{"safetyreportid": "200"}', '2024-06-01 10:00', '2024-05-28'),
    ('2021Q2', 2, '201', '{"safetyreportid": "201"}', '2024-06-01 10:00', '2024-05-28');
insert into raw.raw_fetches values
    ('2021Q1', '2024-06-01 10:00', 3, 3, 1, 0, 'http://127.0.0.1:8000', '2024-05-28', true),
    ('2021Q2', '2024-06-01 10:00', 2, 2, 1, 0, 'http://127.0.0.1:8000', '2024-05-28', true);
"""

CLEAN_SQL = """
create table reports (
    safetyreportid varchar, safetyreportversion integer, quarter varchar, record_seq integer,
    receive_date date, receive_date_precision varchar, receipt_date date, serious boolean,
    country varchar, reporter_qualification varchar, age_years double, age_group varchar,
    sex varchar, weight_kg double, products varchar[], is_probable_duplicate boolean);
insert into reports values
    ('100', 1, '2021Q1', 1, '2021-01-15', 'day',   '2021-02-01', true,  'US',
     'physician',  34.0, 'adult',   'female',  61.5, ['ketamine'], false),
    ('101', 2, '2021Q1', 2, '2021-03-01', 'month', null,         false, 'CA',
     'consumer',   null, null,      'unknown', null, ['esketamine'], false),
    ('200', 1, '2021Q2', 1, '2021-04-02', 'day',   '2021-04-02', true,  'GB',
     'pharmacist', 71.0, 'elderly', 'male',    80.0, ['esketamine', 'ketamine'], false),
    ('201', 1, '2021Q2', 2, '2021-06-30', 'day',   null,         null,  null,
     null,          0.5, 'infant',  'male',     7.2, ['ketamine'], true);

create table drugs (
    safetyreportid varchar, drug_seq integer, medicinal_product varchar, product varchar,
    role varchar, route_code varchar, route varchar, start_date date, end_date date);
insert into drugs values
    ('100', 1, 'KETALAR',  'ketamine',   'suspect',     '042', 'intravenous',
     '2021-01-10', '2021-01-12'),
    ('100', 2, 'ASPIRIN',  null,         'concomitant', '048', 'oral', null, null),
    ('101', 1, 'SPRAVATO', 'esketamine', 'suspect',     '045', 'nasal', '2021-02-01', null),
    ('200', 1, 'KETAMINE', 'ketamine',   'suspect',     null,  null, null, null),
    ('200', 2, 'SPRAVATO', 'esketamine', 'interacting', '045', 'nasal', null, null),
    ('201', 1, 'ketamine', 'ketamine',   'suspect',     '042', 'intravenous', null, null);

create table reactions (
    safetyreportid varchar, reaction_seq integer, term varchar, outcome varchar);
insert into reactions values
    ('100', 1, 'Dissociation', 'recovered/resolved'),
    ('100', 2, 'Nausea', null),
    ('101', 1, 'Blood pressure increased', 'unknown'),
    ('200', 1, 'Somnolence', 'fatal'),
    ('201', 1, 'Headache', 'not recovered/not resolved');

create table quarantine (
    quarter varchar, record_seq integer, safetyreportid varchar, reason_code varchar,
    reason varchar, record json);
insert into quarantine values
    ('2021Q1', 3, '102', 'invalid_receivedate', 'receivedate not a valid date: 20211399',
     '{"safetyreportid": "102", "receivedate": "20211399"}');

create table effect_terms (category varchar, term varchar, term_key varchar, scope varchar);
insert into effect_terms values
    ('dissociation', 'Dissociation', 'dissociation', 'narrow'),
    ('hypertension', 'Blood pressure increased', 'blood pressure increased', 'narrow'),
    ('cognitive', 'Somnolence', 'somnolence', 'broad');

create table effect_reports (
    safetyreportid varchar, category varchar, narrow boolean, terms varchar[], quarter varchar);
insert into effect_reports values
    ('100', 'dissociation', true,  ['Dissociation'], '2021Q1'),
    ('101', 'hypertension', true,  ['Blood pressure increased'], '2021Q1'),
    ('200', 'cognitive',    false, ['Somnolence'], '2021Q2');

-- The worked example of ketamine_faers/disproportionality.py, as a category and a term row.
create table signals (
    product varchar, exposure varchar, level varchar, category varchar, scope varchar,
    term varchar, window_kind varchar, window_label varchar, window_start date,
    window_end date, a bigint, b bigint, c bigint, d bigint, n bigint,
    ror double, ror_lower double, ror_upper double, prr double, prr_lower double,
    prr_upper double, chi_square double, ic double, ic025 double, ic975 double);
insert into signals values
    ('esketamine', 'any role', 'category', 'dissociation', 'narrow', null,
     'all', '2021Q1..2021Q2', '2021-01-01', '2021-06-30', 3, 97, 47, 19853, 20000,
     13.064, 3.998, 42.690, 12.702, 4.020, 40.136, 20.403, 2.222, 0.153, 3.429),
    ('esketamine', 'any role', 'term', 'dissociation', 'narrow', 'Dissociation',
     'all', '2021Q1..2021Q2', '2021-01-01', '2021-06-30', 3, 97, 47, 19853, 20000,
     13.064, 3.998, 42.690, 12.702, 4.020, 40.136, null, 2.222, 0.153, 3.429);
"""


# The files source's tables: two cases (one a probable duplicate of the other), their drugs,
# two landed quarters whose funnels reconcile, and the reconciliation with openFDA.
FILES_SQL = """
create schema faers_files;
create table faers_files.cases (
    caseid bigint, caseversion integer, era varchar, quarter varchar, products varchar,
    age_years double, weight_kg double, sex varchar, is_probable_duplicate boolean,
    probable_duplicate_of bigint, initial_receipt_date date, receipt_date date);
insert into faers_files.cases values
    (100, 1, 'faers', '2021Q1', 'ketamine', 34.0, 61.5, 'female', false, null,
     '2021-01-15', '2021-02-01'),
    (4100200, null, 'aers', '2010Q3', 'ketamine+esketamine', null, null, null, true, 100,
     '2010-08-01', '2010-08-01');
create table faers_files.drugs (caseid bigint, drug_seq integer, product varchar);
insert into faers_files.drugs values (100, 1, 'ketamine'), (4100200, 1, 'ketamine'),
    (4100200, 2, 'esketamine');
create table faers_files.quarters (
    quarter varchar, era varchar, versions_read bigint, cases_kept bigint,
    versions_superseded bigint, deleted_removed bigint, versions_without_caseid bigint,
    rows_quarantined bigint, reconciles boolean);
insert into faers_files.quarters values
    ('2010Q3', 'aers', 10, 9, 1, 0, 0, 0, true), ('2021Q1', 'faers', 5, 4, 0, 1, 0, 2, true);
create table main.source_reconciliation (
    caseid bigint, status varchar, in_openfda boolean, in_files boolean);
insert into main.source_reconciliation values
    (100, 'both', true, true), (101, 'openfda only', true, false),
    (4100200, 'files only', false, true);
"""


def good_build() -> duckdb.DuckDBPyConnection:
    """A build that passes every expectation: 5 raw records, 4 reports, 1 quarantined, and
    the files source's tables."""
    con = duckdb.connect()
    con.execute("attach ':memory:' as raw")
    con.execute(RAW_SQL)
    con.execute(CLEAN_SQL)
    con.execute(FILES_SQL)
    return con


@pytest.fixture
def build() -> duckdb.DuckDBPyConnection:
    con = good_build()
    yield con
    con.close()


def validate(con, suite: str, **kwargs) -> quality.ValidationOutcome:
    return quality.validate_table(con, suite, RUN, today=TODAY, **kwargs)


def failed(outcome: quality.ValidationOutcome) -> set[tuple[str, str | None, str]]:
    """(expectation type, column, severity) of every failed expectation."""
    return {(r.expectation, r.column, r.severity) for r in outcome.failures()}


def test_good_build_passes_every_expectation_of_every_suite(build):
    outcomes = quality.validate_all(build, RUN, today=TODAY)

    assert [o.suite for o in outcomes] == quality.suite_names()
    for outcome in outcomes:
        assert outcome.error is None, outcome.summary()
        assert outcome.failures() == [], [
            (r.expectation, r.column, r.observed_value) for r in outcome.failures()
        ]
        assert outcome.success_by_severity == {"error": True, "warning": True}


def test_every_suite_covers_its_table_with_both_severities():
    names = quality.suite_names()
    assert set(names) >= {
        "raw_records",
        "quarter_counts",
        "reports",
        "drugs",
        "reactions",
        "quarantine",
        "effect_reports",
        "signals",
    }
    for name in names:
        suite = quality.load_suite(name)
        severities = {e.severity.value for e in suite.expectations}
        assert severities <= {"critical", "warning"}
        assert "critical" in severities


def test_duplicate_report_id_fails_the_key_expectation_as_error(build):
    build.execute(
        """insert into reports select * replace ('2021Q2' as quarter, 3 as record_seq)
           from reports where safetyreportid = '200'"""
    )

    outcome = validate(build, "reports")

    assert ("expect_column_values_to_be_unique", "safetyreportid", "error") in failed(outcome)
    assert not outcome.passed
    key = next(r for r in outcome.failures() if r.expectation.endswith("to_be_unique"))
    assert key.observed_value.startswith("2 of 5 rows unexpected (e.g. 200")


def test_orphan_drug_row_fails_has_report_as_error(build):
    build.execute(
        "insert into drugs values ('999', 1, 'KETALAR', 'ketamine', 'suspect', '042', "
        "'intravenous', null, null)"
    )

    outcome = validate(build, "drugs")

    assert failed(outcome) == {("expect_column_values_to_be_in_set", "has_report", "error")}
    assert outcome.failures()[0].observed_value == "1 of 7 rows unexpected (e.g. False)"


def test_orphan_reaction_row_fails_has_report_as_error(build):
    build.execute("insert into reactions values ('999', 1, 'Dissociation', null)")

    outcome = validate(build, "reactions")

    assert failed(outcome) == {("expect_column_values_to_be_in_set", "has_report", "error")}


def test_age_of_400_fails_the_age_range_as_error(build):
    build.execute("update reports set age_years = 400 where safetyreportid = '100'")

    outcome = validate(build, "reports")

    assert failed(outcome) == {("expect_column_values_to_be_between", "age_years", "error")}
    assert outcome.failures()[0].observed_value == "1 of 4 rows unexpected (e.g. 400.0)"


def test_missing_quarter_in_clean_fails_raw_equals_clean_plus_quarantined(build):
    build.execute("delete from reports where quarter = '2021Q2'")

    outcome = validate(build, "quarter_counts")

    errors = {(r.expectation, r.column) for r in outcome.failures("error")}
    assert (
        "expect_column_pair_values_to_be_equal",
        "raw_records,accounted_records",
    ) in errors
    assert ("expect_column_values_to_be_between", "lost_records") in errors
    reconciliation = next(
        r for r in outcome.failures() if r.column == "raw_records,accounted_records"
    )
    assert reconciliation.observed_value == "1 of 2 rows unexpected (e.g. (2, 0))"
    assert not outcome.passed


def test_record_both_cleaned_and_quarantined_fails_double_records(build):
    build.execute(
        "insert into quarantine values ('2021Q2', 1, '200', 'superseded', 'superseded', '{}')"
    )

    outcome = validate(build, "quarter_counts")

    assert {r.column for r in outcome.failures("error")} == {
        "raw_records,accounted_records",
        "double_records",
    }


def test_unfetched_gap_quarter_only_warns(build):
    build.execute(
        "insert into raw.raw_fetches values ('2021Q4', '2024-06-01 10:00', 0, 0, 1, 0, "
        "'http://127.0.0.1:8000', null, true)"
    )

    outcome = validate(build, "quarter_counts")

    assert failed(outcome) == {("expect_column_values_to_be_in_set", "fetched", "warning")}
    assert outcome.passed
    assert outcome.success_by_severity == {"error": True, "warning": False}


def test_signal_ci_out_of_order_fails_as_error(build):
    build.execute("update signals set ror_lower = 14.0 where level = 'term'")

    outcome = validate(build, "signals")

    assert failed(outcome) == {
        ("expect_column_pair_values_a_to_be_greater_than_b", "ror,ror_lower", "error")
    }


def test_infinite_signal_measure_fails_finiteness(build):
    build.execute("update signals set prr_upper = 'inf'::double where level = 'category'")

    outcome = validate(build, "signals")

    assert ("expect_column_values_to_be_null", "nonfinite_measures", "error") in failed(outcome)
    finite = next(r for r in outcome.failures() if r.column == "nonfinite_measures")
    assert finite.observed_value == "1 of 2 rows unexpected (e.g. prr_upper)"


def test_receive_date_outside_its_quarter_fails(build):
    build.execute(
        "update reports set receive_date = date '2021-07-01' where safetyreportid = '201'"
    )

    outcome = validate(build, "reports")

    assert failed(outcome) == {
        ("expect_column_pair_values_to_be_equal", "quarter,receive_date_quarter", "error")
    }


def test_receive_date_in_the_future_fails(build):
    build.execute(
        "update reports set receive_date = date '2024-07-01' where safetyreportid = '201'"
    )

    outcome = validate(build, "reports")

    assert ("expect_column_values_to_be_between", "receive_date", "error") in failed(outcome)


def test_report_without_a_target_drug_fails(build):
    build.execute("update drugs set product = null where safetyreportid = '101'")

    outcome = validate(build, "reports")

    assert failed(outcome) == {
        ("expect_column_values_to_be_between", "target_drugs", "error"),
        ("expect_column_pair_values_to_be_equal", "products,drug_products", "error"),
    }


def test_report_without_reactions_only_warns(build):
    build.execute("delete from reactions where safetyreportid = '201'")

    outcome = validate(build, "reports")

    assert failed(outcome) == {("expect_column_values_to_be_between", "reaction_rows", "warning")}
    assert outcome.passed


def test_labels_outside_their_sets_fail(build):
    build.execute("update reports set sex = 'F' where safetyreportid = '100'")
    build.execute("update drugs set role = 'primary suspect' where drug_seq = 2")

    assert ("expect_column_values_to_be_in_set", "sex", "error") in failed(
        validate(build, "reports")
    )
    assert failed(validate(build, "drugs")) == {
        ("expect_column_values_to_be_in_set", "role", "error")
    }


def test_quarter_after_today_fails_the_quarter_set(build):
    build.execute("update raw.raw_records set quarter = '2025Q1' where safetyreportid = '101'")

    outcome = validate(build, "raw_records")

    assert failed(outcome) == {
        ("expect_column_values_to_be_in_set", "quarter", "error"),
        ("expect_column_values_to_be_in_set", "has_fetch", "error"),  # and it was never fetched
    }
    quarter = next(r for r in outcome.failures() if r.column == "quarter")
    assert quarter.observed_value == "1 of 5 rows unexpected (e.g. 2025Q1)"


def test_untrimmed_term_and_unknown_route_only_warn(build):
    build.execute("update reactions set term = 'Nausea ' where term = 'Nausea'")
    build.execute("update drugs set route = null where route_code = '048'")

    reactions, drugs = validate(build, "reactions"), validate(build, "drugs")

    assert failed(reactions) == {("expect_column_values_to_be_in_set", "term_trimmed", "warning")}
    assert failed(drugs) == {
        ("expect_column_values_to_be_in_set", "route_code_unlabelled", "warning")
    }
    assert reactions.passed and drugs.passed


def test_effect_report_missing_for_a_matching_reaction_fails(build):
    build.execute("delete from effect_reports where safetyreportid = '200'")

    outcome = validate(build, "effect_reports")

    assert failed(outcome) == {("expect_column_values_to_be_in_set", "in_effect_reports", "error")}


def test_missing_table_is_an_error_outcome_not_a_crash(build):
    build.execute("drop table signals")

    outcome = validate(build, "signals")

    assert outcome.error == "table missing: main.signals"
    assert outcome.rows is None
    suite = quality.load_suite("signals")
    assert len(outcome.results) == len(suite.expectations)
    assert all(not r.success for r in outcome.results)
    assert all(
        r.observed_value == "not validated: table missing: main.signals" for r in outcome.results
    )
    assert not outcome.passed


def test_missing_column_is_an_error_outcome_naming_the_column(build):
    build.execute("alter table reports drop column weight_kg")

    outcome = validate(build, "reports")

    assert outcome.error.startswith("batch query sql/operations/quality/reports.sql failed")
    assert "weight_kg" in outcome.error
    assert not outcome.passed


def test_quarter_vanishing_since_the_last_good_build_fails_as_error(build):
    state = duckdb.connect()
    quality.record_results(state, quality.validate_all(build, RUN, today=TODAY))
    build.execute("delete from raw.raw_records where quarter = '2021Q2'")
    build.execute("delete from reports where quarter = '2021Q2'")
    build.execute("delete from drugs where safetyreportid in ('200', '201')")
    build.execute("delete from reactions where safetyreportid in ('200', '201')")
    build.execute("delete from effect_reports where safetyreportid in ('200', '201')")

    outcome = validate(build, "quarter_counts", history=state)

    assert failed(outcome) == {
        ("expect_column_values_to_be_in_set", "vanished", "error"),
        ("expect_column_values_to_be_between", "report_ratio", "warning"),
        ("expect_column_pair_values_to_be_equal", "raw_records,api_total", "warning"),
    }


def test_report_count_falling_by_more_than_half_warns(build):
    # The last good build had three reports in 2021Q2 ...
    build.execute(
        """insert into raw.raw_records values ('2021Q2', 3, '202', '{"safetyreportid": "202"}',
               '2024-06-01 10:00', '2024-05-28')"""
    )
    build.execute("update raw.raw_fetches set records = 3, api_total = 3 where quarter = '2021Q2'")
    build.execute(
        """insert into reports values ('202', 1, '2021Q2', 3, '2021-05-05', 'day', null, null,
               null, null, null, null, 'unknown', null, ['ketamine'], false)"""
    )
    build.execute(
        "insert into drugs values ('202', 1, 'KETAMINE', 'ketamine', 'suspect', null, null, "
        "null, null)"
    )
    build.execute("insert into reactions values ('202', 1, 'Headache', null)")
    state = duckdb.connect()
    quality.record_results(state, quality.validate_all(build, "good", today=TODAY))
    # ... the next build's fetch of 2021Q2 brought only one of them.
    build.execute("delete from raw.raw_records where quarter = '2021Q2' and record_seq > 1")
    build.execute("update raw.raw_fetches set records = 1, api_total = 1 where quarter = '2021Q2'")
    build.execute("delete from reports where safetyreportid in ('201', '202')")
    build.execute("delete from drugs where safetyreportid in ('201', '202')")
    build.execute("delete from reactions where safetyreportid in ('201', '202')")

    outcome = validate(build, "quarter_counts", history=state)

    assert failed(outcome) == {("expect_column_values_to_be_between", "report_ratio", "warning")}
    assert outcome.passed
    assert outcome.failures()[0].observed_value.startswith("1 of 2 rows unexpected (e.g. 0.333")


def test_failed_build_is_not_the_baseline_of_the_next(build):
    state = duckdb.connect()
    quality.record_results(state, quality.validate_all(build, "good", today=TODAY))
    build.execute("update reports set age_years = 400 where safetyreportid = '100'")
    build.execute("delete from reports where safetyreportid = '201'")
    bad = quality.validate_all(build, "bad", today=TODAY)
    quality.record_results(state, bad)

    baseline = quality.previous_quarter_counts(state)

    assert dict(zip(baseline.quarter, baseline.clean_reports, strict=True)) == {
        "2021Q1": 2,
        "2021Q2": 2,
    }


def test_record_results_writes_a_row_per_expectation_of_every_suite(build):
    outcomes = quality.validate_all(build, RUN, today=TODAY)
    state = duckdb.connect()

    written = quality.record_results(state, outcomes)

    expected = sum(len(quality.load_suite(name).expectations) for name in quality.suite_names())
    assert written == expected
    per_suite = dict(
        state.execute("select suite, count(*) from data_quality group by suite").fetchall()
    )
    assert per_suite == {
        name: len(quality.load_suite(name).expectations) for name in quality.suite_names()
    }
    row = state.execute(
        """select run_id, table_name, expectation, column_name, success, observed_value,
                  severity, description
           from data_quality
           where suite = 'reports' and column_name = 'age_years'"""
    ).fetchone()
    assert row == (
        RUN,
        "main.reports",
        "expect_column_values_to_be_between",
        "age_years",
        True,
        "0 of 4 rows unexpected",
        "error",
        "Ages are within 0-120 years (impossible ages are NULL).",
    )
    details = json.loads(
        state.execute(
            "select details from data_quality where suite = 'reports' and column_name = 'age_years'"
        ).fetchone()[0]
    )
    assert details["kwargs"] == {"column": "age_years", "min_value": 0, "max_value": 120}
    assert state.execute("select count(*) from quality_quarter_counts").fetchone()[0] == 2


def test_record_results_appends_every_run(build):
    state = duckdb.connect()
    quality.record_results(state, quality.validate_all(build, "first", today=TODAY))
    quality.record_results(state, quality.validate_all(build, "second", today=TODAY))

    runs = state.execute(
        "select run_id, count(*) from data_quality group by run_id order by run_id"
    ).fetchall()

    assert [r[0] for r in runs] == ["first", "second"]
    assert runs[0][1] == runs[1][1]


def test_missing_tables_still_record_a_row_per_expectation():
    con = duckdb.connect()
    state = duckdb.connect()

    outcomes = quality.validate_all(con, RUN, today=TODAY)
    written = quality.record_results(state, outcomes)

    assert all(o.error and o.error.startswith("table missing") for o in outcomes)
    assert written == sum(len(o.results) for o in outcomes)
    assert state.execute("select bool_or(success) from data_quality").fetchone()[0] is False


def test_data_docs_site_is_written_with_every_suite(build, tmp_path):
    build.execute("drop table signals")
    outcomes = quality.validate_all(build, RUN, today=TODAY)

    index = quality.build_data_docs(outcomes, tmp_path / "data_docs")

    assert index == tmp_path / "data_docs" / "index.html"
    html = index.read_text(encoding="utf-8")
    for name in quality.suite_names():
        assert f"validations/{name}/{RUN}/" in html
    pages = list((tmp_path / "data_docs" / "validations").rglob("*.html"))
    assert len(pages) == len(outcomes)
    signals_page = next(p for p in pages if "signals" in p.parts)
    assert "table missing: main.signals" in signals_page.read_text(encoding="utf-8")
    suite_page = (tmp_path / "data_docs" / "expectations" / "reports.html").read_text()
    assert "Severity: error." in suite_page and "Severity: warning." in suite_page


def test_data_docs_index_lists_the_suites_without_javascript(build, tmp_path):
    build.execute("update reports set age_years = 400 where safetyreportid = '100'")
    outcomes = quality.validate_all(build, RUN, suites=["reports", "drugs"], today=TODAY)

    index = quality.build_data_docs(outcomes, tmp_path / "data_docs")

    summary = index.read_text(encoding="utf-8").split('<section id="ketamine-faers-quality"')[1]
    summary = summary.split("</section>")[0]
    reports_row = next(row for row in summary.split("<tr>") if ">reports</a>" in row)
    assert "FAILED (blocks publishing)" in reports_row
    assert "<td>1</td><td>0</td><td>22</td>" in reports_row
    page = reports_row.split('<a href="')[2].split('"')[0]
    assert (index.parent / page).is_file()
    drugs_row = next(row for row in summary.split("<tr>") if ">drugs</a>" in row)
    assert ">passed</a>" in drugs_row


def test_data_docs_show_the_latest_result_of_every_suite(build, tmp_path):
    target = tmp_path / "data_docs"
    quality.build_data_docs(quality.validate_all(build, "first", today=TODAY), target)
    quality.build_data_docs(
        quality.validate_all(build, "second", suites=["reports"], today=TODAY), target
    )

    html = (target / "index.html").read_text(encoding="utf-8")

    assert "validations/reports/second/" in html
    assert "validations/reports/first/" not in html
    assert "validations/drugs/first/" in html
    assert len(list((target / "validations").rglob("*.html"))) == len(quality.suite_names())


def test_validation_writes_nothing_but_the_data_docs(build, tmp_path, monkeypatch):
    work, docs = tmp_path / "cwd", tmp_path / "docs"
    work.mkdir()
    monkeypatch.chdir(work)

    quality.build_data_docs(quality.validate_all(build, RUN, today=TODAY), docs)

    assert list(work.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cwd", "docs"]
    assert not (quality.EXPECTATIONS_DIR.parent / "gx").exists()
    assert not (quality.EXPECTATIONS_DIR.parent / "great_expectations").exists()


def test_suite_files_are_gx_serialised_suites():
    for name in quality.suite_names():
        raw = json.loads((quality.EXPECTATIONS_DIR / f"{name}.json").read_text())
        suite = quality.load_suite(name)
        assert suite.name == raw["name"] == name
        assert [e.expectation_type for e in suite.expectations] == [
            e["type"] for e in raw["expectations"]
        ]
        assert all(e["notes"] for e in raw["expectations"])


def test_data_quality_table_sql_is_idempotent():
    con = duckdb.connect()
    run_sql(con, "operations/quality/create_data_quality.sql")
    run_sql(con, "operations/quality/create_data_quality.sql")
    columns = [row[0] for row in con.execute("describe data_quality").fetchall()]
    assert columns == list(quality.DATA_QUALITY_COLUMNS)


def test_docs_list_every_expectation_of_every_suite():
    doc = (quality.EXPECTATIONS_DIR.parent / "docs" / "data-quality.md").read_text()
    for name in quality.suite_names():
        section = doc.split(f"### `{name}` (")[1].split("\n### ")[0]
        rows = [line for line in section.splitlines() if line.startswith("| error |")]
        rows += [line for line in section.splitlines() if line.startswith("| warning |")]
        suite = quality.load_suite(name)
        assert len(rows) == len(suite.expectations), name
        for expectation in suite.expectations:
            assert expectation.notes in section, (name, expectation.notes)
