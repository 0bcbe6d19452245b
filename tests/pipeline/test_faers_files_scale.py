"""The scaled FAERS files generator (benchmarks/faers_files_scale.py) writes zips the project's
own reader lands whole, at a tiny fraction of FAERS's size: the last legacy quarters, the
first FAERS ones (2012Q4's spellings and BOM) and 2019Q1 with its deleted-case list.

What is asserted is what the benchmark relies on: every generated row lands (the plan's
count per table, no quarantine), the case set reconciles and has real work (follow-ups
superseded, cases carried from AERS into FAERS, probable duplicates, ketamine cases), and the
same seed gives the same bytes. Timings are not asserted (benchmarks/files_build.py
measures them).
"""

from __future__ import annotations

import zipfile

import duckdb
import pytest

from benchmarks.faers_files_scale import TABLES, plan_quarters, write_scaled_zips
from ketamine_faers.files_model import build_case_set
from ketamine_faers.sources.faers_files.landing import connect_landing, land_quarter
from standins.faers_files.names import fda_zip_name
from standins.faers_files.writer import Quirks, header_line, member_name

FRACTION = 0.001
QUARTERS = ("2012Q2", "2012Q3", "2012Q4", "2013Q1", "2019Q1")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scaled")
    zips = write_scaled_zips(folder / "zips", FRACTION, quarters=QUARTERS, jobs=1)
    landing_db = folder / "files_landing.duckdb"
    with connect_landing(landing_db) as con:
        landed = {quarter: land_quarter(con, None, zips[quarter]) for quarter in QUARTERS}
        quarantine = con.execute("select count(*) from quarantine").fetchone()
    case_set = build_case_set(landing_db, folder / "case_set.duckdb")
    return folder, zips, landed, quarantine, case_set


def test_the_zips_carry_fdas_names_members_and_headers(generated):
    _, zips, _, _, _ = generated
    assert {q: path.name for q, path in zips.items()} == {q: fda_zip_name(q) for q in QUARTERS}
    with zipfile.ZipFile(zips["2012Q4"]) as archive:
        drug = archive.read(member_name("drug", "2012Q4", Quirks()))
        assert drug.startswith(b"\xef\xbb\xbf" + header_line("drug", "2012Q4").encode() + b"\n")
    with zipfile.ZipFile(zips["2012Q3"]) as archive:
        lines = archive.read("ascii/DEMO12Q3.TXT").decode().splitlines()
        assert lines[0] == header_line("demo", "2012Q3")
        assert all(line.endswith("$") for line in lines[1:])  # legacy rows: trailing '$'
        indi = archive.read("ascii/INDI12Q3.TXT").decode().splitlines()
        assert not any(line.endswith("$") for line in indi)
    with zipfile.ZipFile(zips["2019Q1"]) as archive:
        deleted = archive.read("Deleted/DELETE19Q1.txt").decode()
    assert deleted.startswith(" \n") and deleted.endswith("\n")


def test_no_value_holds_a_quote_or_a_list(generated):
    _, zips, _, _, _ = generated
    for path in zips.values():
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                data = archive.read(name)
                assert b'"' not in data and b"['" not in data, (path.name, name)
                assert data.removeprefix(b"\xef\xbb\xbf").isascii(), (path.name, name)


def test_every_generated_row_lands_and_none_is_quarantined(generated):
    _, _, landed, quarantine, _ = generated
    plans = plan_quarters(FRACTION)
    assert quarantine == (0,)
    for quarter, result in landed.items():
        assert result.quarantined == 0, quarter
        assert {t: result.rows[t] for t in TABLES} == plans[quarter].rows, quarter
        assert result.rows["deleted"] == len(plans[quarter].deleted), quarter
    assert len(plans["2019Q1"].deleted) > 0
    assert plans["2019Q1"].rows["demo"] > 400  # a real quarter, not a handful of rows


def test_the_case_set_reconciles_and_supersedes_follow_ups(generated):
    folder, _, _, _, case_set = generated
    plans = plan_quarters(FRACTION)
    assert case_set.reconciles
    assert case_set.versions_read == sum(plans[q].rows["demo"] for q in QUARTERS)
    assert case_set.versions_superseded > 0
    assert case_set.probable_duplicates > 0
    con = duckdb.connect(str(folder / "case_set.duckdb"), read_only=True)
    con.execute(f"attach '{folder / 'files_landing.duckdb'}' as landing (read_only)")
    # every kept FAERS case is its highest version among the landed rows
    ((stale,),) = con.execute(
        "with latest as (select caseid::bigint as caseid, max(caseversion::int) as version "
        "from landing.demo where era = 'faers' group by all) "
        "select count(*) from cases join latest using (caseid) "
        "where cases.caseversion <> latest.version"
    ).fetchall()
    assert stale == 0
    # legacy cases followed up in FAERS count once, as their FAERS version
    ((carried,),) = con.execute(
        "select count(*) from cases where era = 'faers' and caseid in "
        "(select caseid::bigint from landing.demo where era = 'aers')"
    ).fetchall()
    assert carried > 0
    products = dict(
        con.execute(
            "select product, count(distinct caseid) from case_drugs "
            "where product is not null group by all"
        ).fetchall()
    )
    assert products.get("ketamine", 0) + products.get("esketamine", 0) > 0


def test_the_same_seed_writes_the_same_bytes(generated, tmp_path):
    _, zips, _, _, _ = generated
    again = write_scaled_zips(tmp_path, FRACTION, quarters=["2012Q4"], jobs=1)
    assert again["2012Q4"].read_bytes() == zips["2012Q4"].read_bytes()
