"""Quarters added to a built case set one at a time, from real zips landed by the project's
own reader, give the tables a full build gives, row for row, state included: the SYNTHETIC
sample written as FDA's quarterly files (earlier versions, deleted lists, duplicate copies)
and the scaled FAERS generator across the AERS -> FAERS boundary. Each add is compared with a
full build of the same landing (tests/support/case_set_compare.py); timings are measured by
benchmarks/files_build.py, not here."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from benchmarks.faers_files_scale import write_scaled_zips
from ketamine_faers.case_set_update import INCREMENTAL, REBUILD, update_case_set
from ketamine_faers.files_model import build_case_set
from ketamine_faers.sources.faers_files.landing import connect_landing, land_quarter
from standins.faers_files.sample_files import write_sample_zips
from tests.support.case_set_compare import differences

SAMPLE_TODAY = date(2025, 6, 30)
SAMPLE_WINDOW = ("2020Q4", "2021Q3")  # deleted lists, earlier versions, the HP code
SCALED_QUARTERS = ("2012Q2", "2012Q3", "2012Q4", "2013Q1", "2019Q1")


def add_one_by_one(folder: Path, zips: dict[str, Path], base: int) -> list[str]:
    """Land the first ``base`` quarters and build the case set, then land each later quarter
    and update it; after each, compare with a full build of the same landing. Returns the
    mode of each update."""
    landing_db, case_set = folder / "files_landing.duckdb", folder / "case_set.duckdb"
    quarters = sorted(zips)
    modes = []
    with connect_landing(landing_db) as con:
        for quarter in quarters[:base]:
            land_quarter(con, None, zips[quarter])
    modes.append(update_case_set(landing_db, case_set).mode)
    for quarter in quarters[base:]:
        with connect_landing(landing_db) as con:
            land_quarter(con, None, zips[quarter])
        update = update_case_set(landing_db, case_set)
        modes.append(update.mode)
        assert update.result.reconciles
        whole = folder / f"whole_{quarter}.duckdb"
        build_case_set(landing_db, whole)
        assert differences(case_set, whole) == {}, quarter
    return modes


def test_the_sample_files_added_a_quarter_at_a_time(tmp_path):
    first, last = SAMPLE_WINDOW
    files = write_sample_zips(tmp_path / "zips", today=SAMPLE_TODAY, scale=0.4, first=first,
                              last=last)  # fmt: skip
    assert add_one_by_one(tmp_path, dict(files.zips), base=2) == [REBUILD, INCREMENTAL, INCREMENTAL]


@pytest.mark.parametrize("base", [2, 4], ids=["across-the-eras", "one-quarter"])
def test_the_scaled_files_added_a_quarter_at_a_time(tmp_path, base):
    zips = write_scaled_zips(tmp_path / "zips", 0.001, quarters=SCALED_QUARTERS, jobs=1)
    modes = add_one_by_one(tmp_path, zips, base=base)
    assert modes == [REBUILD] + [INCREMENTAL] * (len(SCALED_QUARTERS) - base)
