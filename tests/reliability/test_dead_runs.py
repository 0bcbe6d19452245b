"""Reliability: a refresh run killed with SIGKILL (OOM kill, container stop) must not stop the
schedule and the sensor forever. The run is a real ``ketamine-faers run`` subprocess recording
into a persistent DAGSTER_HOME configured by deploy/dagster.yaml; it is killed with a real
SIGKILL, and the real ``weekly_refresh`` schedule and ``openfda_updated`` sensor are then
evaluated against that instance."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pytest

from assets.resources import WarehouseResource
from assets.run_tags import WORKER_TAG
from pipelines.schedules import weekly_refresh
from pipelines.sensors import openfda_updated
from standins.openfda import LocalOpenFDA
from tests.support.reliability_helpers import (
    ROOT,
    CliRun,
    cli_env,
    record_figures,
    resources,
    small_corpus,
)

pytestmark = pytest.mark.reliability

IN_PROGRESS = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
]


def _home(tmp_path: Path, max_runtime_seconds: int | None = None) -> Path:
    """A DAGSTER_HOME holding the shipped deploy/dagster.yaml (optionally with a shorter
    max run time, to see the age rule within a test)."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    text = (ROOT / "deploy" / "dagster.yaml").read_text(encoding="utf-8")
    if max_runtime_seconds is not None:
        assert "max_runtime_seconds:" in text
        lines = [
            line.split("max_runtime_seconds:")[0] + f"max_runtime_seconds: {max_runtime_seconds}"
            if "max_runtime_seconds:" in line
            else line
            for line in text.splitlines()
        ]
        text = "\n".join(lines) + "\n"
    (home / "dagster.yaml").write_text(text, encoding="utf-8")
    return home


def _schedule(instance: dg.DagsterInstance, data: Path) -> dg.RunRequest | dg.SkipReason:
    with dg.build_schedule_context(
        instance=instance,
        scheduled_execution_time=datetime(2026, 11, 23, 6, tzinfo=UTC),
        resources={"warehouse": WarehouseResource(data_dir=str(data))},
    ) as context:
        return weekly_refresh(context)


def _sensor(instance: dg.DagsterInstance, service: LocalOpenFDA, data: Path):
    with dg.build_sensor_context(
        cursor=None, instance=instance, resources=resources(service, data)
    ) as context:
        return openfda_updated(context)


def _refresh_runs(instance: dg.DagsterInstance) -> list[dg.DagsterRun]:
    return list(instance.get_runs(filters=dg.RunsFilter(statuses=IN_PROGRESS)))


def test_deploy_config_turns_on_run_monitoring(tmp_path):
    """The shipped instance settings enable Dagster's run monitoring with a start timeout and
    a maximum run time, so the daemon fails a run that never starts or never ends."""
    instance = dg.DagsterInstance.from_config(str(_home(tmp_path)))
    assert instance.run_monitoring_enabled
    assert 0 < instance.run_monitoring_start_timeout_seconds <= 600
    assert instance.run_monitoring_max_runtime_seconds >= 3600


def _wait_for_worker_tag(instance: dg.DagsterInstance, timeout: float = 60) -> dg.DagsterRun:
    """The one in-progress run, once it has named its worker (when its resources are set up)."""
    deadline = time.monotonic() + timeout
    while True:
        runs = _refresh_runs(instance)
        if runs and WORKER_TAG in runs[0].tags:
            return runs[0]
        assert time.monotonic() < deadline, f"no run named its worker: {runs}"
        time.sleep(0.05)


def test_a_sigkilled_run_no_longer_blocks_the_schedule_and_the_sensor(tmp_path):
    """A live run blocks both (while fetching and while cleaning); once SIGKILLed it stays
    STARTED in Dagster's storage, yet the very next evaluation requests a run, and the dead
    run is marked failed so the refresh tag's concurrency slot is free again."""
    home = _home(tmp_path)
    data = tmp_path / "data"
    with LocalOpenFDA(small_corpus(700, seed=5)) as service:
        run = CliRun(cli_env(service.url, data, DAGSTER_HOME=str(home)))
        instance = dg.DagsterInstance.from_config(str(home))
        try:
            assert run.wait_for('step "raw_reports"'), run.output[-3000:]
            live = _wait_for_worker_tag(instance)
            early = (_schedule(instance, data), _sensor(instance, service, data))
            assert run.wait_for('step "clean_tables"'), run.output[-3000:]
            late = (_schedule(instance, data), _sensor(instance, service, data))
            assert run.proc.poll() is None, "the run ended before the live checks were done"
        finally:
            run.kill()
        killed = time.monotonic()
        for answer in (*early, *late):
            assert isinstance(answer, dg.SkipReason), answer
            assert "already running" in (answer.skip_message or "")
        assert live.tags[WORKER_TAG].split("/")[2] == str(run.proc.pid)

        [dead] = _refresh_runs(instance)
        assert dead.status == dg.DagsterRunStatus.STARTED  # what SIGKILL leaves behind

        scheduled = _schedule(instance, data)
        unblocked_after = time.monotonic() - killed
        sensed = _sensor(instance, service, data)
        assert isinstance(scheduled, dg.RunRequest), scheduled
        assert isinstance(sensed, dg.RunRequest), sensed
        after = instance.get_run_by_id(dead.run_id)
        assert after is not None and after.status == dg.DagsterRunStatus.FAILURE
        assert not _refresh_runs(instance)
    record_figures(
        "dead_run",
        unblocked_seconds_after_sigkill=round(unblocked_after, 3),
        live_evaluations_skipped=4,
    )


def test_a_run_killed_while_fetching_has_named_its_worker(tmp_path):
    """The run names its worker when its resources are set up, before its first step, so a
    SIGKILL while it is still fetching (before the build database is opened) unblocks the
    schedule at once."""
    home = _home(tmp_path)
    data = tmp_path / "data"
    with LocalOpenFDA(small_corpus(300, seed=5)) as service:
        run = CliRun(cli_env(service.url, data, DAGSTER_HOME=str(home)))
        instance = dg.DagsterInstance.from_config(str(home))
        try:
            assert run.wait_for('step "raw_reports"'), run.output[-3000:]
            _wait_for_worker_tag(instance)
        finally:
            phase = run.kill()
        assert phase == "fetching"
        assert isinstance(_schedule(instance, data), dg.RunRequest)


def test_a_run_whose_worker_is_elsewhere_blocks_until_the_max_runtime(tmp_path):
    """A STARTED run whose worker is not on this machine (another boot id: another host or
    container) is never judged from here: it blocks until it is older than run monitoring's
    maximum run time (3 s here), when the daemon would fail it anyway."""
    home = _home(tmp_path, max_runtime_seconds=3)
    data = tmp_path / "data"
    with LocalOpenFDA(small_corpus(300, seed=5)) as service:
        run = CliRun(cli_env(service.url, data, DAGSTER_HOME=str(home)))
        instance = dg.DagsterInstance.from_config(str(home))
        try:
            assert run.wait_for('step "raw_reports"'), run.output[-3000:]
            tagged = _wait_for_worker_tag(instance)
        finally:
            run.kill()
        boot, namespace, pid, ticks = tagged.tags[WORKER_TAG].split("/")
        elsewhere = "/".join(("another-machine-boot-id", namespace, pid, ticks))
        instance.add_run_tags(tagged.run_id, {WORKER_TAG: elsewhere})
        record = instance.get_run_record_by_id(tagged.run_id)
        assert record is not None and record.start_time is not None
        if time.time() - record.start_time < 2.5:
            blocked = _schedule(instance, data)
            assert isinstance(blocked, dg.SkipReason), blocked
        time.sleep(max(0.0, record.start_time + 3.2 - time.time()))
        assert isinstance(_schedule(instance, data), dg.RunRequest)
        assert isinstance(_sensor(instance, service, data), dg.RunRequest)
