"""land_quarters: the next zip's byte pass runs in a thread while the current one lands.

What lands must be what landing the zips one by one gives, table by table; a broken zip
stops the loop at that quarter with the earlier ones landed; no temporary copy is left.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from ketamine_faers.memory_limits import memory_limit
from ketamine_faers.sources.faers_files.landing import (
    LANDING_MEMORY_LIMIT_BYTES,
    ZipToLand,
    connect_landing,
    land_quarter,
    land_quarters,
    zips_to_land,
)
from standins.faers_files.sample_files import write_sample_zips

LANDING_TABLES = ("demo", "drug", "reac", "outc", "rpsr", "ther", "indi", "deleted", "quarantine")
# legacy AERS, the first FAERS quarter, and quarters with deleted lists
QUARTERS = ("2012Q2", "2012Q3", "2012Q4", "2013Q1", "2019Q1", "2019Q2")


@pytest.fixture(scope="module")
def zips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("zips")
    written = write_sample_zips(folder, today=date(2026, 12, 3), first="2012Q2", last="2019Q2")
    return {quarter: written.zips[quarter] for quarter in QUARTERS}


def _rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    return sorted(con.table(table).fetchall(), key=repr)


def test_land_quarters_lands_what_landing_one_by_one_lands(zips, tmp_path):
    one_by_one = duckdb.connect(str(tmp_path / "one.duckdb"))
    for quarter, path in zips.items():
        land_quarter(one_by_one, quarter, path)
    ahead = duckdb.connect(str(tmp_path / "ahead.duckdb"))
    work = tmp_path / "work"
    work.mkdir()
    results = list(
        land_quarters(ahead, [ZipToLand(q, p, f"sha-{q}") for q, p in zips.items()], work_dir=work)
    )

    assert [r.quarter for r in results] == list(QUARTERS)
    assert sum(r.rows["demo"] for r in results) > 0
    for table in LANDING_TABLES:
        assert _rows(ahead, table) == _rows(one_by_one, table), table
    recorded = ahead.execute("select quarter, sha256 from landed_zips order by 1").fetchall()
    assert recorded == [(q, f"sha-{q}") for q in QUARTERS]
    assert list(work.iterdir()) == []  # every byte pass's copies removed


def test_a_broken_zip_stops_the_loop_at_its_quarter_with_the_earlier_ones_landed(zips, tmp_path):
    broken = tmp_path / "faers_ascii_2013Q2.zip"
    broken.write_bytes(b"not a zip at all")
    work = tmp_path / "work"
    work.mkdir()
    con = duckdb.connect(str(tmp_path / "landing.duckdb"))
    items = [
        ZipToLand("2012Q4", zips["2012Q4"]),
        ZipToLand("2013Q1", zips["2013Q1"]),
        ZipToLand("2013Q2", broken),
        ZipToLand("2019Q1", zips["2019Q1"]),
    ]
    landed: list[str] = []
    with pytest.raises(Exception, match="zip"):
        for result in land_quarters(con, items, work_dir=work):
            landed.append(result.quarter)

    assert landed == ["2012Q4", "2013Q1"]
    quarters = con.execute("select distinct quarter from demo order by 1").fetchall()
    assert quarters == [("2012Q4",), ("2013Q1",)]
    assert list(work.iterdir()) == []


def test_stopping_early_removes_the_copies_made_ahead(zips, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    con = duckdb.connect(str(tmp_path / "landing.duckdb"))
    loop = land_quarters(con, [ZipToLand(q, p) for q, p in zips.items()], work_dir=work)
    first = next(loop)
    loop.close()  # the caller stops after one quarter: the next one's byte pass is under way

    assert first.quarter == QUARTERS[0]
    assert list(work.iterdir()) == []


def test_zips_to_land_leaves_out_quarters_landed_from_the_same_zip(zips, tmp_path):
    landing_db = tmp_path / "landing.duckdb"
    with connect_landing(landing_db) as con:
        list(land_quarters(con, [ZipToLand("2012Q2", zips["2012Q2"], "sha-a")]))
    offered = [
        ZipToLand("2019Q1", zips["2019Q1"], "sha-c"),
        ZipToLand("2012Q3", zips["2012Q3"], "sha-b"),
        ZipToLand("2012Q2", zips["2012Q2"], "sha-a"),
    ]

    assert [z.quarter for z in zips_to_land(landing_db, offered)] == ["2012Q3", "2019Q1"]
    changed = ZipToLand("2012Q2", zips["2012Q2"], "sha-new")
    assert zips_to_land(landing_db, [changed]) == [changed]
    assert zips_to_land(tmp_path / "none.duckdb", offered[:1]) == offered[:1]


def test_the_landing_connection_is_held_to_the_landing_memory_limit(tmp_path):
    with connect_landing(tmp_path / "sub" / "landing.duckdb") as con:
        ((setting,),) = con.execute("select current_setting('memory_limit')").fetchall()
    limit = memory_limit(LANDING_MEMORY_LIMIT_BYTES, share_of_physical=0.3)
    gib = float(setting.split()[0]) * {"GiB": 1024**3, "MiB": 1024**2}[setting.split()[1]]
    assert abs(gib - limit) / limit < 0.01
