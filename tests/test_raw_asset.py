"""The raw landing asset, materialized by Dagster against the local openFDA service."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from assets.raw import raw_reports
from ketamine_faers.local_openfda import LocalOpenFDA
from pipelines.resources import OpenFDAResource, WarehouseResource
from pipelines.run_pipeline import partition_range_tags

SECRET = "SECRET-KEY-never-on-disk-71c2"


def _record(n: int, day: str, product: str = "SPRAVATO") -> dict:
    return {
        "safetyreportid": str(40_000_000 + n),
        "receivedate": day,
        "patient": {
            "drug": [{"medicinalproduct": product, "drugcharacterization": "1"}],
            "reaction": [{"reactionmeddrapt": "Sedation"}],
        },
    }


RECORDS = (
    [_record(n, "20220210") for n in range(1_200)]
    + [_record(5_000 + n, "20220815", "KETALAR") for n in range(300)]
    + [_record(9_000 + n, "20220815", "ASPIRIN") for n in range(50)]
)


def _resources(service: LocalOpenFDA, data_dir: Path, api_key: str | None = None) -> dict:
    return {
        "openfda": OpenFDAResource(
            base_url=service.url,
            api_key=api_key,
            requests_per_minute=0,
            backoff_base_seconds=0.01,
            timeout_seconds=2,
        ),
        "warehouse": WarehouseResource(data_dir=str(data_dir)),
    }


def _materialize(service, data_dir, first, last, api_key=None, instance=None):
    return dg.materialize(
        [raw_reports],
        resources=_resources(service, data_dir, api_key),
        tags=partition_range_tags(first, last),
        instance=instance,
    )


def _raw_counts(data_dir: Path) -> dict[str, int]:
    with duckdb.connect(str(data_dir / "work" / "raw.duckdb"), read_only=True) as con:
        rows = con.execute("select quarter, count(*) from raw_records group by 1").fetchall()
    return dict(rows)


@pytest.fixture(scope="module")
def service():
    with LocalOpenFDA(RECORDS) as running:
        yield running


def test_one_run_lands_every_quarter_of_the_range(service, tmp_path):
    result = _materialize(service, tmp_path, "2022Q1", "2022Q4")
    assert result.success
    assert _raw_counts(tmp_path) == {"2022Q1": 1_200, "2022Q3": 300}
    metadata = result.asset_materializations_for_node("raw_reports")[0].metadata
    assert metadata["records_fetched"].value == 1_500
    assert metadata["api_total"].value == 1_500
    assert metadata["totals_agree"].value is True
    assert metadata["quarters"].value == 4
    assert metadata["synthetic_sample"].value is True


def test_rematerializing_a_quarter_replaces_it(service, tmp_path):
    assert _materialize(service, tmp_path, "2022Q1", "2022Q1").success
    assert _materialize(service, tmp_path, "2022Q1", "2022Q1").success
    with duckdb.connect(str(tmp_path / "work" / "raw.duckdb"), read_only=True) as con:
        ids = [r[0] for r in con.execute("select safetyreportid from raw_records").fetchall()]
        fetches = con.execute("select count(*) from raw_fetches").fetchone()[0]
    assert Counter(ids) == Counter(r["safetyreportid"] for r in RECORDS[:1_200])
    assert fetches == 1


def test_records_are_stored_verbatim(service, tmp_path):
    assert _materialize(service, tmp_path, "2022Q3", "2022Q3").success
    with duckdb.connect(str(tmp_path / "work" / "raw.duckdb"), read_only=True) as con:
        stored = con.execute(
            "select record from raw_records where safetyreportid = '40005007'"
        ).fetchone()[0]
    assert json.loads(stored) == RECORDS[1_207]


def test_failed_fetch_keeps_the_previous_copy(service, tmp_path):
    assert _materialize(service, tmp_path, "2022Q1", "2022Q1").success
    service.faults.inject("503", times=50)
    try:
        failed = dg.materialize(
            [raw_reports],
            resources={
                **_resources(service, tmp_path),
                "openfda": OpenFDAResource(
                    base_url=service.url,
                    requests_per_minute=0,
                    backoff_base_seconds=0.01,
                    max_attempts=2,
                ),
            },
            tags=partition_range_tags("2022Q1", "2022Q1"),
            raise_on_error=False,
        )
    finally:
        service.faults.clear()
    assert not failed.success
    assert _raw_counts(tmp_path) == {"2022Q1": 1_200}


def test_api_key_appears_nowhere_after_a_run(service, tmp_path, monkeypatch):
    monkeypatch.setenv("OPENFDA_API_KEY", SECRET)
    (tmp_path / "dagster_home").mkdir()
    instance = dg.DagsterInstance.local_temp(str(tmp_path / "dagster_home"))
    key = dg.EnvVar("OPENFDA_API_KEY")
    result = _materialize(service, tmp_path / "data", "2022Q1", "2022Q3", key, instance)
    assert result.success
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), f"key leaked into {path}"
    events = instance.all_logs(result.run_id)
    assert all(SECRET not in repr(event) for event in events)
    assert all(SECRET not in repr(request) for request in service.requests)
