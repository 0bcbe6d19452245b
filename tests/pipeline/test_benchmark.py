"""The scale benchmark runs end to end at a small size: every stage, in child processes, with
the same harness `make benchmark` uses at 10k, 100k and 1M (benchmarks/run_benchmark.py).

Timings are not asserted (benchmarks/RESULTS.md holds them); what is asserted is that each
stage measured real work on the generated corpus: the raw file is the landing's form and the
clean step reads it, the baseline flattens every record, and the whole pipeline over HTTP
lands the same records with the minimum number of requests. The clean-throughput generator
(benchmarks/generate_raw_records.py) reads its real template records from the repository.
"""

from __future__ import annotations

import json

import duckdb
import pytest

from benchmarks.generate_raw_records import TEMPLATES_JSON, generate
from benchmarks.run_benchmark import STAGES, main
from ketamine_faers.paths import PROJECT_ROOT
from ketamine_faers.sql_files import read_sql


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench")
    assert main(["--sizes", "2k", "--repeats", "1", "--dir", str(folder)]) == 0
    results = json.loads((folder / "results.json").read_text())
    return folder, results["2k"]


def test_the_generated_raw_file_has_the_raw_landings_tables(bench):
    folder, entry = bench
    landing = duckdb.connect()
    landing.execute(read_sql("operations/raw_landing/create_raw_records.sql"))
    expected = landing.execute(
        "select table_name, column_name, data_type from duckdb_columns()"
        " where database_name = 'memory' order by all"
    ).fetchall()
    generated = duckdb.connect(str(folder / "2k" / "raw.duckdb"), read_only=True)
    columns = generated.execute(
        "select table_name, column_name, data_type from duckdb_columns()"
        " where table_name in ('raw_records', 'raw_fetches') order by all"
    ).fetchall()
    stored = generated.execute("select count(*) from raw_records").fetchone()[0]
    assert columns == expected
    assert stored == entry["raw_records"]
    assert 1_800 <= stored <= 2_200  # about N records land, as at 10k, 100k and 1M


def test_every_stage_ran_once_with_its_memory_and_a_calibration(bench):
    _, entry = bench
    assert sorted(entry["runs"]) == sorted(STAGES)
    for stage, runs in entry["runs"].items():
        assert len(runs) == 1, stage
        assert runs[0]["seconds"] > 0, stage
        assert runs[0]["peak_rss_mib"] > 50, stage
        assert runs[0]["calibration_seconds"] > 0, stage


def test_clean_and_baseline_read_every_generated_record(bench):
    _, entry = bench
    funnel = entry["runs"]["clean"][0]["funnel"]
    baseline = entry["runs"]["baseline"][0]["rows"]
    assert funnel["raw_records"] == entry["raw_records"]
    assert funnel["reconciles"]
    assert baseline["reports"] == entry["raw_records"]
    assert baseline["drugs"] >= funnel["drugs"] > entry["raw_records"]


def test_the_later_stages_build_signals_suites_and_pages(bench):
    _, entry = bench
    assert entry["runs"]["marts"][0]["tables"]["signals"] > 0
    assert len(entry["runs"]["gx"][0]["suites"]) == 8
    assert entry["runs"]["dashboards"][0]["pages"] > 0


def test_the_whole_pipeline_lands_the_same_records_with_the_minimum_requests(bench):
    _, entry = bench
    pipeline = entry["runs"]["pipeline"][0]
    assert pipeline["success"]
    assert pipeline["dashboards"]
    assert pipeline["raw_records"] == entry["raw_records"]
    assert pipeline["requests"] == pipeline["minimum_requests"]


def test_the_clean_throughput_records_come_from_files_in_the_repository(tmp_path):
    assert TEMPLATES_JSON.is_relative_to(PROJECT_ROOT) and TEMPLATES_JSON.is_file()
    generate(tmp_path / "raw.duckdb", 300)
    con = duckdb.connect(str(tmp_path / "raw.duckdb"), read_only=True)
    ((stored, quarters),) = con.execute(
        "select count(*), count(distinct quarter) from raw_records"
    ).fetchall()
    assert stored == 300
    assert quarters > 1
