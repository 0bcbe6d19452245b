"""The SYNTHETIC sample written as FDA quarterly zips (standins/faers_files/sample_files.py)
describes the cases the local openFDA serves: the zips land with nothing quarantined, the
case set reconciles and holds, per quarter, exactly the ketamine/esketamine cases openFDA
serves there (latest versions) less the deleted ones plus the file-only duplicate copies; the
file-only earlier versions are superseded and deleted cases removed. Real files, no mocks."""

from __future__ import annotations

import zipfile
from collections import defaultdict
from datetime import date
from pathlib import Path

import duckdb
import pytest

from ketamine_faers.files_model import build_case_set
from ketamine_faers.sources.faers_files.landing import land_quarter
from standins.faers_files.sample_files import SampleFiles, main, write_sample_zips
from standins.faers_files.sample_rows import caseid_of
from standins.sample import iter_sample_records, products_named
from standins.sample.plan import quarter_of_receivedate

TODAY = date(2025, 6, 30)
SCALE = 0.4
# AERS -> FAERS (2012Q4's earlier version lands in legacy 2012Q3), and deleted lists, HP and
# the same-quarter version pair 19233047 (2021Q2).
WINDOWS = (("2011Q4", "2013Q1"), ("2020Q4", "2021Q3"))


class Built:
    """A window of quarters written, landed and built into a case set."""

    def __init__(self, folder: Path, first: str, last: str) -> None:
        self.files = write_sample_zips(
            folder / "zips", today=TODAY, scale=SCALE, first=first, last=last
        )
        self.landing = folder / "files_landing.duckdb"
        with duckdb.connect(str(self.landing)) as con:
            self.landed = [land_quarter(con, None, path) for path in self.files.zips.values()]
        self.case_set_path = folder / "case_set.duckdb"
        self.result = build_case_set(self.landing, self.case_set_path)

    def rows(self, query: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
        with duckdb.connect(str(self.case_set_path), read_only=True) as con:
            return con.execute(query, params or []).fetchall()


@pytest.fixture(scope="module", params=WINDOWS, ids=["-".join(w) for w in WINDOWS])
def built(request, tmp_path_factory) -> Built:
    first, last = request.param
    return Built(tmp_path_factory.mktemp(f"sample_{first}"), first, last)


def served_product_caseids(quarters: set[str]) -> dict[str, set[str]]:
    """What the openFDA stand-in serves: per quarter, the caseids of its ketamine/esketamine
    records (the files' caseid of each safetyreportid)."""
    served: dict[str, set[str]] = defaultdict(set)
    for record in iter_sample_records(today=TODAY, scale=SCALE):
        quarter = quarter_of_receivedate(record["receivedate"])
        rid = record.get("safetyreportid")
        if quarter in quarters and rid and products_named(record):
            served[quarter].add(caseid_of(rid))
    return served


def test_every_quarter_lands_with_nothing_quarantined_and_the_case_set_reconciles(built):
    files = built.files
    assert sorted(files.zips) == sorted(result.quarter for result in built.landed)
    for result in built.landed:
        assert result.quarantined == 0, result.quarter
        assert result.missing_tables == (), result.quarter
        counts = files.counts[result.quarter]
        assert result.rows["demo"] == counts.cases
        assert result.rows["deleted"] == counts.deleted_listed
    assert built.result.reconciles
    assert built.result.versions_read == sum(c.cases for c in files.counts.values())


def test_the_case_set_holds_exactly_the_product_cases_openfda_serves(built):
    files = built.files
    quarters = set(files.zips)
    served = served_product_caseids(quarters)
    deleted = files.deleted_caseids
    rows = built.rows(
        "select distinct cases.quarter, cases.caseid::varchar from cases "
        "join case_drugs using (caseid) where case_drugs.product is not null"
    )
    in_case_set: dict[str, set[str]] = defaultdict(set)
    for quarter, caseid in rows:
        in_case_set[str(quarter)].add(str(caseid))
    for quarter in sorted(quarters):
        expected = (served[quarter] - deleted) | files.file_only_product[quarter]
        assert in_case_set[quarter] == expected, quarter
        assert files.product_caseids[quarter] == served[quarter], quarter
    assert sum(len(ids) for ids in served.values()) > 80


def test_earlier_versions_are_superseded_by_the_version_openfda_serves(built):
    versioned = {
        caseid: quarter
        for caseid, quarter in built.files.versioned.items()
        if quarter in built.files.zips
    }
    assert len(versioned) >= len(built.files.zips) - 2
    kept = dict(
        built.rows(
            "select caseid::varchar, quarter from cases where caseid::varchar in "
            "(select unnest(?::varchar[]))",
            [list(versioned)],
        )
    )
    assert set(kept) == set(versioned)
    for caseid, earlier in versioned.items():
        assert kept[caseid] > earlier  # the later quarter's version wins
    assert built.result.versions_superseded == len(versioned)
    assert built.rows(
        "select distinct versions_read from cases where caseid::varchar in "
        "(select unnest(?::varchar[]))",
        [list(versioned)],
    ) == [(2,)]


def test_deleted_cases_are_removed_and_kept_auditable(built):
    files = built.files
    listed = files.deleted_caseids
    if not listed:
        assert all(q < "2019Q1" for q in files.zips)
        return
    in_sample = {
        caseid
        for quarter in files.zips
        for caseid in listed
        if caseid in files.product_caseids[quarter]
    }
    assert in_sample, "some deleted cases are ketamine/esketamine cases of the sample"
    assert not built.rows(
        "select caseid from cases where caseid::varchar in (select unnest(?::varchar[]))",
        [list(listed)],
    )
    audited = {str(row[0]) for row in built.rows("select caseid from deleted_cases")}
    assert listed <= audited
    assert built.result.deleted_removed >= len(in_sample)


def test_file_only_duplicates_are_flagged_with_their_original(built):
    copies = {
        copy: original
        for copy, (original, _) in built.files.duplicates.items()
        if any(copy in _caseids(built, q) for q in built.files.zips)
    }
    assert copies
    for copy, original in copies.items():
        groups = dict(
            built.rows(
                "select caseid::varchar, duplicate_group from cases "
                "where caseid::varchar in (?, ?)",
                [copy, original],
            )
        )
        assert groups[copy] is not None and groups[copy] == groups[original], (copy, original)


def _caseids(built: Built, quarter: str) -> set[str]:
    return {
        str(row[0]) for row in built.rows("select caseid from cases where quarter = ?", [quarter])
    }


def test_legacy_files_carry_the_openfda_id_as_image_and_a_case_number(built):
    with duckdb.connect(str(built.landing), read_only=True) as con:
        rows = con.execute(
            "select quarter, image, primaryid, caseid from demo where era = 'aers'"
        ).fetchall()
        faers_images = con.execute("select count(image) from demo where era = 'faers'").fetchone()
    assert faers_images == (0,)  # FAERS dropped IMAGE
    assert bool(rows) == any(q < "2012Q4" for q in built.files.zips)
    for _, image, primaryid, caseid in rows:
        assert image.split("-")[0] == primaryid
        assert caseid != primaryid
        # an earlier version's made-up ISR keeps the CASE of the version openFDA serves
        assert caseid == caseid_of(image) or caseid in built.files.versioned


def test_unconvertible_records_are_skipped_and_counted(tmp_path):
    files = write_sample_zips(tmp_path, today=TODAY, scale=0.02, first="2022Q4", last="2022Q4")
    counts = files.counts["2022Q4"]
    assert counts.skipped == 1  # the awkward record without a safetyreportid
    assert files.skipped == 1
    assert "21734590" in files.product_caseids["2022Q4"]  # patient.drug as one object
    with duckdb.connect() as con:
        result = land_quarter(con, None, files.zips["2022Q4"])
        assert result.quarantined == 0
        drugs = con.execute("select count(*) from drug where caseid = '21734590'").fetchone()
    assert drugs == (1,)


def test_same_inputs_give_byte_identical_zips(tmp_path):
    def write(folder: Path) -> SampleFiles:
        return write_sample_zips(
            folder, today=TODAY, scale=0.05, first="2019Q1", last="2019Q2", seed=7
        )

    one, two = write(tmp_path / "one"), write(tmp_path / "two")
    assert list(one.zips) == ["2019Q1", "2019Q2"]
    for quarter, path in one.zips.items():
        assert path.read_bytes() == two.zips[quarter].read_bytes()
    other = write_sample_zips(
        tmp_path / "three", today=TODAY, scale=0.05, first="2019Q1", last="2019Q1", seed=8
    )
    assert other.zips["2019Q1"].read_bytes() != one.zips["2019Q1"].read_bytes()
    with zipfile.ZipFile(one.zips["2019Q1"]) as archive:
        names = archive.namelist()
        deleted = archive.read("Deleted/DELETE19Q1.txt").decode("ascii").split("\n")
    assert "ASCII/DEMO19Q1.txt" in names
    assert deleted[0] == " " and deleted[-1] == ""
    assert deleted[1:-1] == sorted(deleted[1:-1]) and len(deleted) > 3


def test_the_command_writes_the_zips(tmp_path, capsys):
    assert main(["--out", str(tmp_path), "--today", "2004-02-15"]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["aers_ascii_2004q1.zip"]
    assert "SYNTHETIC" in capsys.readouterr().out
