"""Reliability: concurrent publishes. Many ``publish_build`` calls at once (threads of one
process, as two runs' publish steps or a run and a manual publish would overlap) must all
succeed, leave no temporary file behind, and leave ``faers.duckdb`` one complete build that
opens read-only, with no private schema."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pytest

from ketamine_faers.publish import publish_build
from tests.support.reliability_helpers import record_figures

pytestmark = pytest.mark.reliability

CALLS = 90
ROWS = 200_000


def _build(path: Path) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute(
            "create table reports as select range::varchar safetyreportid, "
            "repeat('x', 40) filler from range($rows)",
            {"rows": ROWS},
        )
        con.execute("create table quarantine as select 1 as record_seq")
        con.execute("create schema build_state")
        con.execute("create table build_state.fingerprints as select 'x' as stage")


def test_ninety_concurrent_publishes_all_succeed_and_publish_one_complete_build(tmp_path):
    build = tmp_path / "work" / "build.duckdb"
    build.parent.mkdir()
    _build(build)
    published = tmp_path / "faers.duckdb"
    errors: list[str] = []

    def publish(_: int) -> int:
        try:
            return publish_build(build, published).tables["reports"]
        except Exception as exc:  # counted, not raised: the figure is how many failed
            errors.append(f"{type(exc).__name__}: {exc}")
            return -1

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=CALLS) as pool:
        counts = list(pool.map(publish, range(CALLS)))
    seconds = time.monotonic() - started
    record_figures(
        "concurrent_publish",
        calls=CALLS,
        succeeded=CALLS - len(errors),
        failed=len(errors),
        seconds=round(seconds, 2),
        first_error=errors[0] if errors else None,
    )
    assert not errors, f"{len(errors)} of {CALLS} failed, e.g. {errors[0]}"
    assert counts == [ROWS] * CALLS
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select count(*) from reports").fetchone() == (ROWS,)
        schemas = {r[0] for r in con.execute("select schema_name from duckdb_schemas()").fetchall()}
    assert "build_state" not in schemas
    assert sorted(p.name for p in tmp_path.iterdir()) == ["faers.duckdb", "work"]


def test_a_failed_publish_removes_its_temporary_file(tmp_path):
    """A publish that fails after its copy was made (here the rename: the published path is
    a directory) raises, and leaves no temporary file beside the published path."""
    build = tmp_path / "build.duckdb"
    _build(build)
    published = tmp_path / "out" / "faers.duckdb"
    published.mkdir(parents=True)
    with pytest.raises(OSError):
        publish_build(build, published)
    assert [p.name for p in published.parent.iterdir()] == ["faers.duckdb"]
    assert published.is_dir()
