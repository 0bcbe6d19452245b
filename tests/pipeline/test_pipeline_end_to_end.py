"""The whole pipeline, as Dagster runs it, against the bundled sample over real HTTP."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import dagster as dg
import duckdb

from ketamine_faers.paths import PROJECT_ROOT
from ketamine_faers.quarters import quarter_of
from standins.sample import products_named
from tests.support.pipeline_runs import BuiltPipeline, materialize_everything

ROOT = PROJECT_ROOT
READER = ROOT / "tests" / "support" / "read_in_a_loop.py"


def _matching_per_quarter(records: list[dict]) -> Counter:
    from datetime import datetime

    return Counter(
        quarter_of(datetime.strptime(r["receivedate"], "%Y%m%d").date())
        for r in records
        if products_named(r)
    )


def test_raw_rows_per_quarter_match_the_sample_corpus(built: BuiltPipeline, sample_records):
    with duckdb.connect(str(built.data_dir / "work" / "raw.duckdb"), read_only=True) as con:
        landed = dict(
            con.execute("select quarter, count(*) from raw_records group by 1").fetchall()
        )
        fetches = con.execute("select bool_and(records = api_total) from raw_fetches").fetchone()
    assert landed == dict(_matching_per_quarter(sample_records))
    assert fetches == (True,)


def test_every_record_the_service_served_is_published_once(built: BuiltPipeline):
    with built.connect() as con:
        reports = Counter(
            r[0] for r in con.execute("select safetyreportid from reports").fetchall()
        )
        quarantined = Counter(
            r[0] for r in con.execute("select safetyreportid from quarantine").fetchall()
        )
    assert max(reports.values()) == 1
    served = set(built.service.served_ids()) - {""}  # "" is the record without an id
    # every served id is a report or quarantined (the superseded version pair and the record
    # without an id are quarantined), and nothing published was never served
    assert served == set(reports) | {i for i in quarantined if i is not None}


def test_raw_equals_reports_plus_quarantine_in_every_quarter(built: BuiltPipeline):
    materialization = built.result.asset_materializations_for_node("clean_tables")
    reports_meta = next(
        m for m in materialization if m.asset_key == dg.AssetKey("reports")
    ).metadata
    assert reports_meta["reconciles"].value is True
    assert (
        reports_meta["raw_records"].value
        == reports_meta["reports"].value + reports_meta["quarantined"].value
    )


def test_signals_cover_both_products_all_categories_and_their_terms(built: BuiltPipeline):
    with built.connect() as con:
        rows = con.execute(
            "select product, level, category, count(distinct coalesce(term, '')) "
            "from signals group by all"
        ).fetchall()
    seen = {(product, level, category): terms for product, level, category, terms in rows}
    for product in ("ketamine", "esketamine"):
        for category in ("dissociation", "hypertension", "cognitive"):
            assert (product, "category", category) in seen
            assert seen[(product, "term", category)] >= 2


def test_published_tables_all_have_column_comments(built: BuiltPipeline):
    with built.connect() as con:
        missing = con.execute(
            "select table_name, column_name from duckdb_columns() "
            "where schema_name = 'main' and table_name in "
            "('reports', 'drugs', 'reactions', 'quarantine', 'effect_reports', 'signals') "
            "and (comment is null or comment = '')"
        ).fetchall()
    assert missing == []


def test_readers_never_see_an_error_while_a_run_publishes(built: BuiltPipeline, tmp_path):
    """A separate process queries the published file in a loop while a full run rewrites it."""
    data_dir = tmp_path / "data"
    shutil.copytree(built.data_dir, data_dir)
    reader = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "tests" / "support" / "read_in_a_loop.py"),
            str(data_dir / "faers.duckdb"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(1.0)
        (tmp_path / "home").mkdir()
        instance = dg.DagsterInstance.local_temp(str(tmp_path / "home"))
        assert materialize_everything(built.service, data_dir, instance).success
        time.sleep(0.5)
    finally:
        reader.terminate()
        out, err = reader.communicate(timeout=30)
    queries, errors = (int(v) for v in out.split())
    assert queries > 20, err
    assert errors == 0, err


def test_demo_command_prints_where_everything_is(tmp_path):
    env = {**os.environ, "FAERS_DATA_DIR": str(tmp_path / "demo")}
    env.pop("DAGSTER_HOME", None)
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "ketamine-faers"),
            "demo",
            "--first",
            "2019Q1",
            "--last",
            "2019Q2",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert f"Published database: {tmp_path / 'demo' / 'faers.duckdb'}" in done.stdout
    assert "2019Q1: " in done.stdout and "2019Q2: " in done.stdout
    assert "SYNTHETIC" in done.stdout
