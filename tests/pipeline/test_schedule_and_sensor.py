"""Operating on a schedule: the weekly refresh and the openFDA last_updated sensor."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb

from assets import ASSET_MODULES
from assets.resources import WarehouseResource
from assets.run_tags import REFRESH_TAGS, partition_range_tags
from pipelines.jobs import full_refresh_job
from pipelines.schedules import weekly_refresh
from pipelines.sensors import openfda_updated
from standins.openfda import LocalOpenFDA
from tests.support.pipeline_runs import (
    BuiltPipeline,
    materialization_metadata,
    pipeline_resources,
    table_digests,
)


def _sensor(service: LocalOpenFDA, cursor: str | None, instance: dg.DagsterInstance):
    with dg.build_sensor_context(
        cursor=cursor, instance=instance, resources=pipeline_resources(service, "unused")
    ) as context:
        return openfda_updated(context), context


def _record() -> dict:
    return {"safetyreportid": "1", "receivedate": "20240105", "patient": {"drug": []}}


def test_sensor_requests_a_run_only_when_last_updated_moves():
    instance = dg.DagsterInstance.ephemeral()
    with LocalOpenFDA([_record()], last_updated="2026-11-20") as service:
        first, context = _sensor(service, None, instance)
        assert isinstance(first, dg.RunRequest)
        assert first.run_key == "openfda-last-updated-2026-11-20"
        assert first.tags["openfda/last_updated"] == "2026-11-20"
        assert context.cursor == "2026-11-20"

        before = len(service.requests)
        unchanged, _ = _sensor(service, "2026-11-20", instance)
        assert isinstance(unchanged, dg.SkipReason)
        assert len(service.requests) == before + 1  # one cheap request, nothing else

        service.set_last_updated("2026-11-27")
        moved, context = _sensor(service, "2026-11-20", instance)
        assert isinstance(moved, dg.RunRequest)
        assert moved.run_key == "openfda-last-updated-2026-11-27"
        assert context.cursor == "2026-11-27"


def _scheduled_request(data_dir: Path, home: Path) -> dg.RunRequest:
    """What the schedule asks for on 2026-11-23 (an instance with storage in ``home``)."""
    home.mkdir(exist_ok=True)
    with (
        dg.DagsterInstance.local_temp(str(home)) as instance,
        dg.build_schedule_context(
            instance=instance,
            scheduled_execution_time=datetime(2026, 11, 23, 6, tzinfo=UTC),
            resources={"warehouse": WarehouseResource(data_dir=str(data_dir))},
        ) as context,
    ):
        request = weekly_refresh(context)
    assert isinstance(request, dg.RunRequest)
    return request


def _range(request: dg.RunRequest) -> tuple[str, str]:
    return (
        request.tags["dagster/asset_partition_range_start"],
        request.tags["dagster/asset_partition_range_end"],
    )


def test_schedule_refreshes_the_previous_and_current_quarter(built: BuiltPipeline, tmp_path):
    request = _scheduled_request(built.data_dir, tmp_path / "home")
    assert _range(request) == ("2026Q3", "2026Q4")
    assert request.tags["ketamine-faers/refresh"] == REFRESH_TAGS["ketamine-faers/refresh"]


def test_schedule_covers_every_quarter_on_a_fresh_install(tmp_path):
    """No landing and no published file: the first scheduled run is a full load, not a
    two-quarter database."""
    assert _range(_scheduled_request(tmp_path / "data", tmp_path / "home")) == ("2004Q1", "2026Q4")


def test_schedule_reaches_back_to_quarters_the_raw_landing_lost(built: BuiltPipeline, tmp_path):
    """The raw landing was set aside (here: gone) while the published file still covers its
    quarters: the refresh starts at the first quarter the landing lacks."""
    data_dir = tmp_path / "data"
    shutil.copytree(built.data_dir, data_dir)
    with duckdb.connect(str(data_dir / "faers.duckdb"), read_only=True) as con:
        [(first_published,)] = con.execute("select min(quarter) from source_fetches").fetchall()
    (data_dir / "work" / "raw.duckdb").unlink()
    assert _range(_scheduled_request(data_dir, tmp_path / "home")) == (first_published, "2026Q4")
    assert first_published < "2026Q3"


def test_scheduled_job_with_nothing_new_upstream_probes_and_rebuilds_nothing(
    built: BuiltPipeline, tmp_path
):
    """After a full load, the weekly run (in process, as the schedule requests it) asks openFDA
    one question per quarter, keeps both, rebuilds and revalidates nothing, and republishes
    the same contents."""
    data_dir = tmp_path / "data"
    shutil.copytree(built.data_dir, data_dir)
    raw_db = data_dir / "work" / "raw.duckdb"
    with duckdb.connect(str(raw_db), read_only=True) as con:
        before = dict(con.execute("select quarter, fetched_at from raw_fetches").fetchall())
    published_before = table_digests(data_dir / "faers.duckdb")

    request = _scheduled_request(data_dir, tmp_path / "home")
    defs = dg.Definitions(
        assets=dg.load_assets_from_modules(ASSET_MODULES),
        asset_checks=dg.load_asset_checks_from_modules(ASSET_MODULES),
        jobs=[full_refresh_job],
        resources=pipeline_resources(built.service, data_dir),
        executor=dg.in_process_executor,
    )
    served_before = len(built.service.requests)
    result = defs.resolve_job_def("full_refresh").execute_in_process(
        tags=request.tags, instance=dg.DagsterInstance.ephemeral()
    )
    assert result.success
    with duckdb.connect(str(raw_db), read_only=True) as con:
        after = dict(con.execute("select quarter, fetched_at from raw_fetches").fetchall())
    assert after == before
    # one limit=0 probe per quarter of the window (2026Q3, 2026Q4), nothing else
    served = built.service.requests[served_before:]
    assert len(served) == 2
    assert all(r.params.get("limit") == "0" for r in served)

    metadata = materialization_metadata(result)
    assert metadata["raw_reports"]["quarters_unchanged"] == 2
    assert metadata["raw_reports"]["requests"] == 2
    assert metadata["background_counts"]["requests"] == 0
    for table in ("reports", "drugs", "quarantine", "effect_reports", "signals"):
        assert metadata[table]["rebuilt"] is False, table
    checks = result.get_asset_check_evaluations()
    gx = [c for c in checks if c.check_name.startswith("gx_")]
    assert len(gx) == 8
    assert all(c.metadata["revalidated"].value is False for c in gx)
    assert table_digests(data_dir / "faers.duckdb") == published_before
    assert "published_database" in metadata and "dashboards" in metadata


def test_rerunning_old_quarters_reuses_their_cached_background(built: BuiltPipeline, tmp_path):
    """Background counts of quarters older than the newest two are fetched once and kept."""
    from assets.background import background_counts

    data_dir = tmp_path / "data"
    shutil.copytree(built.data_dir, data_dir, symlinks=True)
    before = len(built.service.requests)
    result = dg.materialize(
        [background_counts],
        resources=pipeline_resources(built.service, data_dir),
        tags=partition_range_tags("2021Q1", "2021Q4"),
    )
    metadata = result.asset_materializations_for_node("background_counts")[0].metadata
    assert metadata["quarters_fetched"].value == 4
    assert metadata["requests"].value == 0
    assert len(built.service.requests) == before
