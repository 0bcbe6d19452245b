"""Reliability: corrupted working files. ``work/build.duckdb`` is derived data and
``work/raw.duckdb`` can be fetched again, so a truncated or garbage file in either must not
fail every later run: the run sets the file aside as ``<name>.corrupt-<UTC timestamp>``,
starts a fresh one (the incremental state then rebuilds, or refetches, everything) and says
so in one log line. Real files, real runs against the local openFDA service."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from standins.openfda import LocalOpenFDA
from tests.support.reliability_helpers import (
    assert_nothing_lost,
    file_digest,
    record_figures,
    run_all,
    small_corpus,
)

pytestmark = pytest.mark.reliability


def _set_aside(work: Path, name: str) -> list[Path]:
    return sorted(work.glob(f"{name}.corrupt-*"))


def _corrupt(path: Path, how: str) -> None:
    if how == "truncated":
        os.truncate(path, path.stat().st_size // 2)
    else:
        path.write_bytes(os.urandom(64 * 1024))


@pytest.mark.parametrize("how", ["truncated", "garbage"])
def test_a_corrupt_build_database_is_set_aside_and_rebuilt(tmp_path, caplog, how):
    data = tmp_path / "data"
    with LocalOpenFDA(small_corpus(400, seed=3)) as service:
        assert run_all(service, data).success
        build = data / "work" / "build.duckdb"
        _corrupt(build, how)
        damaged = file_digest(build)
        with caplog.at_level(logging.WARNING):
            result = run_all(service, data)
        assert result.success
        [aside] = _set_aside(data / "work", "build.duckdb")
        assert file_digest(aside) == damaged  # kept for a post-mortem, byte for byte
        lines = [r.getMessage() for r in caplog.records if "corrupt" in r.getMessage()]
        assert len(lines) == 1 and str(aside) in lines[0], lines
        pub = assert_nothing_lost(service, data)
        assert len(pub.reports) == 400
    record_figures(f"corrupt_build_{how}", set_aside=aside.name, reports=len(pub.reports))


@pytest.mark.parametrize("how", ["truncated", "garbage"])
def test_a_corrupt_raw_landing_is_set_aside_and_refetched(tmp_path, caplog, how):
    data = tmp_path / "data"
    with LocalOpenFDA(small_corpus(400, seed=4)) as service:
        assert run_all(service, data).success
        raw = data / "work" / "raw.duckdb"
        _corrupt(raw, how)
        with caplog.at_level(logging.WARNING):
            result = run_all(service, data)
        assert result.success
        [aside] = _set_aside(data / "work", "raw.duckdb")
        lines = [r.getMessage() for r in caplog.records if "corrupt" in r.getMessage()]
        assert len(lines) == 1 and str(aside) in lines[0], lines
        pub = assert_nothing_lost(service, data)
        assert len(pub.reports) == 400
    record_figures(f"corrupt_raw_{how}", set_aside=aside.name, reports=len(pub.reports))


def test_a_locked_database_is_never_taken_for_a_corrupt_one(tmp_path):
    """Another process holding the write lock is not corruption: nothing is set aside."""
    import subprocess
    import sys

    from ketamine_faers.warehouse import connect_raw

    raw = tmp_path / "work" / "raw.duckdb"
    connect_raw(raw).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb,time\nc=duckdb.connect({str(raw)!r})\n"
            "print('held', flush=True)\ntime.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(Exception, match="lock"):
            connect_raw(raw)
    finally:
        holder.kill()
        holder.wait()
    assert not _set_aside(raw.parent, "raw.duckdb")
    assert raw.exists()


def test_a_short_run_after_the_raw_landing_was_set_aside_never_shrinks_the_published_file(
    tmp_path, caplog
):
    """The raw landing is corrupt and the next run covers only the last two quarters (as the
    weekly refresh used to): its build holds two quarters, so it is not published (the
    vanished-quarter check blocks it; the publish step itself would refuse it too,
    tests/unit/test_publish.py) and the published file stays byte for byte, on every such
    run. The schedule then reaches back to the first quarter the landing lacks, and that run
    publishes everything."""
    from datetime import UTC, datetime

    import dagster as dg

    from assets.resources import WarehouseResource
    from pipelines.schedules import weekly_refresh

    data = tmp_path / "data"
    with LocalOpenFDA(small_corpus(400, seed=6)) as service:
        assert run_all(service, data).success
        published_db = data / "faers.duckdb"
        before = file_digest(published_db)
        _corrupt(data / "work" / "raw.duckdb", "garbage")

        short = run_all(service, data, first="2022Q3", last="2022Q4")
        assert not short.success
        assert file_digest(published_db) == before
        failed_steps = {event.step_key for event in short.all_events if event.is_step_failure}
        assert failed_steps == {"clean_table_expectations"}  # the vanished-quarter check
        published_steps = {
            event.step_key for event in short.all_events if event.is_successful_output
        }
        assert "published_database" not in published_steps
        assert run_all(service, data, first="2022Q3", last="2022Q4").success is False

        home = tmp_path / "home"
        home.mkdir()
        with (
            dg.DagsterInstance.local_temp(str(home)) as instance,
            dg.build_schedule_context(
                instance=instance,
                scheduled_execution_time=datetime(2023, 1, 9, 6, tzinfo=UTC),
                resources={"warehouse": WarehouseResource(data_dir=str(data))},
            ) as context,
        ):
            request = weekly_refresh(context)
        assert isinstance(request, dg.RunRequest)
        first = request.tags["dagster/asset_partition_range_start"]
        last = request.tags["dagster/asset_partition_range_end"]
        assert (first, last) == ("2021Q1", "2023Q1")

        assert run_all(service, data, first=first, last="2022Q4").success
        pub = assert_nothing_lost(service, data)
        assert len(pub.reports) == 400
    record_figures("raw_reset_short_run", refused=True, schedule_range=f"{first}..{last}")
