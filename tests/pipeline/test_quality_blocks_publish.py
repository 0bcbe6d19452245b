"""A broken table fails the expectation meant for it, and the published file stays as it was."""

from __future__ import annotations

import hashlib
import shutil

import dagster as dg
import duckdb
import pytest

from assets import ASSET_MODULES
from tests.support.pipeline_runs import BuiltPipeline, pipeline_resources

BREAKAGES = {
    "duplicate key": (
        "insert into reports select * from reports limit 1",
        "gx_reports",
        "expect_column_values_to_be_unique",
    ),
    "orphan drug row": (
        "insert into drugs select * replace ('no-such-report' as safetyreportid) "
        "from drugs limit 1",
        "gx_drugs",
        "expect_column_values_to_be_in_set",
    ),
    "age of 400": (
        "update reports set age_years = 400 where safetyreportid = "
        "(select min(safetyreportid) from reports)",
        "gx_reports",
        "expect_column_values_to_be_between",
    ),
    "missing quarter": (
        "delete from reports where quarter = '2021Q1'",
        "gx_quarter_counts",
        "expect_column_pair_values_to_be_equal",
    ),
}


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_broken_table_fails_its_expectation_and_blocks_publishing(
    breakage: str, built: BuiltPipeline, tmp_path
):
    statement, check_name, expectation = BREAKAGES[breakage]
    data_dir = tmp_path / "data"
    shutil.copytree(built.data_dir, data_dir, symlinks=True)
    published = data_dir / "faers.duckdb"
    before = _digest(published)
    with duckdb.connect(str(data_dir / "work" / "build.duckdb")) as con:
        con.execute(statement)

    result = dg.materialize(
        [
            *dg.load_assets_from_modules(ASSET_MODULES),
            *dg.load_asset_checks_from_modules(ASSET_MODULES),
        ],
        selection=dg.AssetSelection.assets("published_database", "dashboards")
        | dg.AssetSelection.checks_for_assets("reports", "drugs", "reactions", "quarantine"),
        resources=pipeline_resources(built.service, data_dir),
        raise_on_error=False,
    )
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    failed = evaluations[check_name]
    assert not failed.passed
    assert failed.severity == dg.AssetCheckSeverity.ERROR
    assert expectation in failed.metadata["failed"].value
    assert not result.asset_materializations_for_node("published_database")
    assert _digest(published) == before
    with duckdb.connect(str(data_dir / "work" / "build.duckdb"), read_only=True) as con:
        recorded = con.execute(
            "select count(*) from data_quality where run_id = ? and not success "
            "and severity = 'error' and expectation = ?",
            [result.run_id, expectation],
        ).fetchone()[0]
    assert recorded >= 1


def test_every_expectation_of_every_suite_is_recorded(built: BuiltPipeline):
    from assets.quality import CLEAN_SUITES, EFFECT_SUITES, RAW_SUITES
    from ketamine_faers.quality import load_suite

    ran = [*RAW_SUITES, *CLEAN_SUITES, *EFFECT_SUITES]  # an openFDA run: no files suites
    expected = sum(len(load_suite(name).expectations) for name in ran)
    with built.connect() as con:
        rows = con.execute(
            "select count(*) from data_quality where run_id = ?", [built.result.run_id]
        ).fetchone()[0]
        errors = con.execute(
            "select count(*) from data_quality where run_id = ? and severity = 'error' "
            "and not success",
            [built.result.run_id],
        ).fetchone()[0]
    assert rows == expected
    assert errors == 0
    assert (built.data_dir / "data_docs" / "index.html").is_file()
