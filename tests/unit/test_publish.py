"""The publish step never shrinks what the published file covers."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from ketamine_faers.publish import PublishRefusedError, publish_build


def _build(path: Path, quarters: list[str]) -> Path:
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("create table source_fetches (quarter varchar, records integer)")
        con.executemany("insert into source_fetches values (?, 1)", [[q] for q in quarters])
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_build_lacking_published_quarters_is_refused_and_the_file_stays(tmp_path):
    published = tmp_path / "faers.duckdb"
    build = tmp_path / "build.duckdb"
    publish_build(_build(build, ["2021Q1", "2021Q2", "2021Q3", "2021Q4", "2022Q1"]), published)
    before = _digest(published)

    with pytest.raises(PublishRefusedError) as refused:
        publish_build(_build(build, ["2022Q1"]), published)
    message = str(refused.value)
    assert "lacks 4 quarter(s)" in message
    assert "(2021Q1, 2021Q2, 2021Q3, 2021Q4)" in message and "--first 2021Q1" in message
    assert "\n" not in message
    assert _digest(published) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build.duckdb", "faers.duckdb"]


def test_a_build_covering_as_much_or_more_is_published(tmp_path):
    published = tmp_path / "faers.duckdb"
    build = tmp_path / "build.duckdb"
    publish_build(_build(build, ["2021Q1", "2021Q2"]), published)
    result = publish_build(_build(build, ["2021Q1", "2021Q2", "2021Q3"]), published)
    assert result.tables == {"source_fetches": 3}


def test_a_first_publish_or_an_unreadable_published_file_refuses_nothing(tmp_path):
    published = tmp_path / "faers.duckdb"
    build = _build(tmp_path / "build.duckdb", ["2022Q1"])
    assert publish_build(build, published).tables == {"source_fetches": 1}
    published.write_bytes(b"not a database")
    assert publish_build(build, published).tables == {"source_fetches": 1}
