"""Reliability 2: crashes. ``ketamine-faers run`` is SIGKILLed while fetching, cleaning and
publishing, then run again: the published file is always the last complete build (the same
bytes, or a complete newer build), it opens read-only, and the re-run loses nothing."""

from __future__ import annotations

import random
import time
from pathlib import Path

import duckdb
import pytest

from standins.openfda import LocalOpenFDA
from tests.support.reliability_helpers import (
    SECRET,
    CliRun,
    assert_nothing_lost,
    cli_env,
    file_digest,
    record_figures,
    run_all,
    small_corpus,
)

pytestmark = pytest.mark.reliability


def _check_published(db: Path, before: bytes | None, complete_counts: set[int]) -> str:
    """The published file after a kill: unchanged, or a complete build that opens read-only."""
    if before is None and not db.exists():
        return "none yet"
    with duckdb.connect(str(db), read_only=True) as con:
        reports = con.execute("select count(*) from reports").fetchone()[0]
        quarantined = con.execute("select count(*) from quarantine").fetchone()[0]
        tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    assert {"reports", "drugs", "reactions", "quarantine", "signals"} <= tables
    if file_digest(db) == before:
        return "unchanged"
    assert reports + quarantined in complete_counts, (reports, quarantined, complete_counts)
    return "complete newer build"


def _secret_free(data_dir: Path, runs: list[CliRun]) -> None:
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), f"key leaked into {path}"
    for run in runs:
        assert SECRET not in run.output


def _crash_scenario(tmp_path: Path, kills: list[tuple[str, float]]) -> dict:
    """Build once in process, grow the corpus, then one CLI run per kill (wait for the log
    line, wait the delay, SIGKILL), checking the published file after each; then a CLI re-run
    that must complete with nothing lost."""
    data = tmp_path / "data"
    records = small_corpus(700, seed=5)
    with LocalOpenFDA(records) as service:
        assert run_all(service, data).success
        grown = records + small_corpus(100, seed=6, start_id=71_000_000)
        service.replace_records(grown)
        counts = {len(records), len(grown)}
        env = cli_env(service.url, data, OPENFDA_API_KEY=SECRET)
        phases: list[str] = []
        states: list[str] = []
        runs: list[CliRun] = []
        for marker, delay in kills:
            before = file_digest(data / "faers.duckdb")
            run = CliRun(env)
            runs.append(run)
            assert run.wait_for(marker), run.output[-3000:]
            time.sleep(delay)
            if run.proc.poll() is not None:
                phases.append("finished before the kill")
            else:
                phases.append(run.kill())
            states.append(_check_published(data / "faers.duckdb", before, counts))
            service.faults.clear()
        final = CliRun(env)
        runs.append(final)
        assert final.finish() == 0, final.output[-3000:]
        pub = assert_nothing_lost(service, data)
        assert len(pub.reports) == len(grown)
        _secret_free(data, runs)
    return {"phases": phases, "published_after_kill": states}


def test_sigkill_while_fetching_cleaning_and_publishing_loses_nothing(tmp_path):
    kills = [
        ("2021Q2: ", 0.0),  # fetching: two quarters landed, the third on its way
        ('step "clean_tables"', 0.2),  # cleaning
        ('step "published_database"', 0.05),  # publishing
    ]
    figures = _crash_scenario(tmp_path, kills)
    record_figures("crashes", crashes=len(kills), **figures, lost=0, duplicated=0)
    assert figures["phases"][0] == "fetching"
    assert figures["phases"][1] == "cleaning"


@pytest.mark.soak
@pytest.mark.parametrize("seed", [11, 12])
def test_sigkill_at_seeded_random_times_loses_nothing(tmp_path, seed):
    rng = random.Random(seed)
    # a CLI run takes ~15-25 s here; kill between 0.5 s and 20 s after the run starts
    kills = [('step "raw_reports"', rng.uniform(0.0, 18.0)) for _ in range(4)]
    figures = _crash_scenario(tmp_path, kills)
    record_figures(f"crashes_random_{seed}", crashes=len(kills), **figures, lost=0, duplicated=0)
