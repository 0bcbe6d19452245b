"""The raw landing asset, materialized by Dagster against the local openFDA service."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from assets.raw import raw_reports
from assets.resources import OpenFDAResource, WarehouseResource
from assets.run_tags import FORCE_REFETCH_TAG, partition_range_tags
from standins.openfda import LocalOpenFDA

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


def _materialize(service, data_dir, first, last, api_key=None, instance=None, force=False):
    return dg.materialize(
        [raw_reports],
        resources=_resources(service, data_dir, api_key),
        tags={
            **partition_range_tags(first, last),
            **({FORCE_REFETCH_TAG: "true"} if force else {}),
        },
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
    again = _materialize(service, tmp_path, "2022Q1", "2022Q1", force=True)
    assert again.success
    assert (
        again.asset_materializations_for_node("raw_reports")[0].metadata["quarters_refetched"].value
        == 1
    )
    with duckdb.connect(str(tmp_path / "work" / "raw.duckdb"), read_only=True) as con:
        ids = [r[0] for r in con.execute("select safetyreportid from raw_records").fetchall()]
        fetches = con.execute("select count(*) from raw_fetches").fetchone()[0]
    assert Counter(ids) == Counter(r["safetyreportid"] for r in RECORDS[:1_200])
    assert fetches == 1


def _fetched_at(data_dir: Path) -> dict:
    with duckdb.connect(str(data_dir / "work" / "raw.duckdb"), read_only=True) as con:
        return dict(con.execute("select quarter, fetched_at from raw_fetches").fetchall())


def test_an_unchanged_quarter_is_probed_once_and_kept(service, tmp_path):
    assert _materialize(service, tmp_path, "2022Q1", "2022Q4").success
    landed = _fetched_at(tmp_path)
    before = len(service.requests)
    again = _materialize(service, tmp_path, "2022Q1", "2022Q4")
    assert again.success
    served = service.requests[before:]
    # one limit=0 request per quarter (empty quarters too: openFDA could have filled them)
    assert len(served) == 4
    assert all(r.params.get("limit") == "0" for r in served)
    assert _fetched_at(tmp_path) == landed
    metadata = again.asset_materializations_for_node("raw_reports")[0].metadata
    assert metadata["quarters_unchanged"].value == 4
    assert metadata["records_fetched"].value == 0
    assert metadata["records_kept_unchanged"].value == 1_500
    assert metadata["totals_agree"].value is True


def test_a_quarter_is_refetched_when_openfda_moves_or_its_total_changes(tmp_path):
    with LocalOpenFDA(RECORDS) as api:
        assert _materialize(api, tmp_path, "2022Q1", "2022Q4").success
        landed = _fetched_at(tmp_path)
        api.set_last_updated("2026-12-04")  # openFDA rebuilt its dataset
        moved = _materialize(api, tmp_path, "2022Q1", "2022Q4")
        after_move = _fetched_at(tmp_path)
        # quarters with reports are landed again; empty ones stay empty and are kept
        assert sorted(q for q in landed if after_move[q] != landed[q]) == ["2022Q1", "2022Q3"]
        assert (
            moved.asset_materializations_for_node("raw_reports")[0]
            .metadata["openfda_last_updated"]
            .value
            == "2026-12-04"
        )

        # the same last_updated, but a quarter's total changed: that quarter is landed again
        api.replace_records([*RECORDS, _record(7_777, "20220816", "KETALAR")])
        assert _materialize(api, tmp_path, "2022Q1", "2022Q4").success
        after_growth = _fetched_at(tmp_path)
        assert [q for q in after_move if after_growth[q] != after_move[q]] == ["2022Q3"]
        assert _raw_counts(tmp_path) == {"2022Q1": 1_200, "2022Q3": 301}


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
