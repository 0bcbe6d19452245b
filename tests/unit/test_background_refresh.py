"""Which quarters' openFDA background counts a refresh fetches again (the decision that used
to live in the asset): real raw databases, no Dagster."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from ketamine_faers.sources.openfda.background_refresh import (
    QuarterPlan,
    landing_is_synthetic,
    plan_background_refresh,
)
from ketamine_faers.sql_files import run_sql
from ketamine_faers.warehouse import connect_raw

TODAY = date(2024, 5, 15)  # the newest two quarters are 2024Q1 and 2024Q2


@pytest.fixture
def raw(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    con = connect_raw(tmp_path / "raw.duckdb")
    run_sql(con, "operations/raw_landing/create_background_counts.sql")
    return con


def _landed(con, quarter: str, records: int, *, fetched_at="2024-05-01", synthetic=False):
    con.execute(
        "insert into raw_fetches values (?, ?::timestamp, ?, ?, 1, 0, 'http://x', "
        "date '2024-04-30', ?)",
        [quarter, fetched_at, records, records, synthetic],
    )


def _counted(con, quarter: str, *, fetched_at: str, last_updated="2024-04-30"):
    con.execute(
        "insert into background_counts values "
        "(?, 'total_reports', 'all', 's', 5, ?::timestamp, ?::date, false)",
        [quarter, fetched_at, last_updated],
    )


def _plan(con, quarters, *, force=False, resuming=False) -> dict[str, QuarterPlan]:
    plans = plan_background_refresh(con, quarters, today=TODAY, force=force, resuming=resuming)
    return {plan.quarter: plan for plan in plans}


def test_a_quarter_without_reports_is_skipped(raw):
    _landed(raw, "2023Q1", 0)
    plans = _plan(raw, ["2023Q1", "2023Q2"])  # 2023Q2 was never landed
    assert not plans["2023Q1"].fetch and not plans["2023Q2"].fetch


def test_an_older_quarter_keeps_its_cached_counts(raw):
    _landed(raw, "2023Q1", 10)
    plan = _plan(raw, ["2023Q1"])["2023Q1"]
    assert plan.fetch and plan.only_missing and not plan.newest_unchanged


def test_a_newest_quarter_is_refetched_once_its_reports_were_landed_again(raw):
    _landed(raw, "2024Q1", 10, fetched_at="2024-05-10")
    _counted(raw, "2024Q1", fetched_at="2024-05-02")  # before the latest landing
    plan = _plan(raw, ["2024Q1"])["2024Q1"]
    assert plan.fetch and not plan.only_missing and not plan.newest_unchanged


def test_a_newest_quarter_is_kept_when_openfda_has_not_changed_since(raw):
    _landed(raw, "2024Q2", 10, fetched_at="2024-05-01")
    _counted(raw, "2024Q2", fetched_at="2024-05-02")
    plan = _plan(raw, ["2024Q2"])["2024Q2"]
    assert plan.fetch and plan.only_missing and plan.newest_unchanged


def test_a_newest_quarter_is_refetched_when_openfda_last_updated_moved(raw):
    _landed(raw, "2024Q2", 10, fetched_at="2024-05-01")
    _counted(raw, "2024Q2", fetched_at="2024-05-02", last_updated="2024-04-01")
    assert not _plan(raw, ["2024Q2"])["2024Q2"].only_missing


def test_a_forced_refetch_refetches_every_quarter_with_reports(raw):
    for quarter in ("2023Q1", "2024Q2"):
        _landed(raw, quarter, 10, fetched_at="2024-05-01")
        _counted(raw, quarter, fetched_at="2024-05-02")
    plans = _plan(raw, ["2023Q1", "2024Q2"], force=True)
    assert all(p.fetch and not p.only_missing and not p.newest_unchanged for p in plans.values())


def test_a_resumed_run_keeps_what_the_failed_attempt_fetched(raw):
    _landed(raw, "2024Q1", 10, fetched_at="2024-05-10")
    _counted(raw, "2024Q1", fetched_at="2024-05-02")
    plans = _plan(raw, ["2024Q1"], force=True, resuming=True)
    assert plans["2024Q1"].only_missing


def test_the_landing_says_whether_it_is_the_synthetic_sample(raw):
    assert not landing_is_synthetic(raw)
    _landed(raw, "2023Q1", 1, synthetic=True)
    assert landing_is_synthetic(raw)
