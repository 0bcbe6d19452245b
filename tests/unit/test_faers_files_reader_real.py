"""The reader and landing on FDA's real subsets (reference/faers_ascii/): every table's rows,
every header variant in its unified column, real values kept as text, the real deleted list,
and nothing lost."""

from __future__ import annotations

import zipfile
from pathlib import Path

import duckdb
import pytest

from ketamine_faers.paths import PROJECT_ROOT
from ketamine_faers.sources.faers_files.landing import LandingResult, land_quarter

REAL = PROJECT_ROOT / "reference" / "faers_ascii"
ZIPS = {
    "2004Q1": REAL / "aers_ascii_2004q1_subset.zip",
    "2017Q2": REAL / "faers_ascii_2017q2_subset.zip",
    "2022Q4": REAL / "faers_ascii_2022Q4_subset.zip",
}
EXPECTED_ROWS = {
    "2004Q1": {
        "demo": 100,
        "drug": 386,
        "reac": 416,
        "outc": 93,
        "ther": 145,
        "indi": 124,
        "rpsr": 119,
        "deleted": 0,
    },
    "2017Q2": {
        "demo": 100,
        "drug": 328,
        "reac": 286,
        "outc": 75,
        "ther": 142,
        "indi": 232,
        "rpsr": 2,
        "deleted": 0,
    },
    "2022Q4": {
        "demo": 258,
        "drug": 209,
        "reac": 974,
        "outc": 1206,
        "ther": 500,
        "indi": 607,
        "rpsr": 386,
        "deleted": 3624,
    },
}


@pytest.fixture(scope="module")
def landed(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("files_landing") / "files_landing.duckdb"
    results = {quarter: land_quarter(path, None, zip_path) for quarter, zip_path in ZIPS.items()}
    con = duckdb.connect(str(path), read_only=True)
    yield con, results
    con.close()


def _one(con: duckdb.DuckDBPyConnection, query: str, *params: object) -> tuple:
    rows = con.execute(query, list(params)).fetchall()
    assert len(rows) == 1, rows
    return rows[0]


def _data_lines(zip_path: Path, member: str) -> int:
    """Lines after the header, counted here without the reader (a last line without a
    newline counts)."""
    text = zipfile.ZipFile(zip_path).read(member).decode("ascii")
    return len(text.splitlines()) - 1


@pytest.mark.parametrize("quarter", list(ZIPS))
def test_every_table_lands_as_many_rows_as_the_file_has_lines(landed, quarter):
    con, results = landed
    result: LandingResult = results[quarter]
    assert result.rows == EXPECTED_ROWS[quarter]
    assert result.quarantined == 0
    for table, expected in EXPECTED_ROWS[quarter].items():
        (count,) = _one(con, f"SELECT count(*) FROM {table} WHERE quarter = ?", quarter)  # noqa: S608
        assert count == expected, table
    for read in result.files:
        if read.table_name != "deleted":
            assert read.lines_read == _data_lines(ZIPS[quarter], read.file_name)
        assert read.rows_loaded == read.lines_read
        assert read.balanced


def test_the_quarter_and_era_come_from_the_zip_names(landed):
    _, results = landed
    assert {q: (r.quarter, r.era) for q, r in results.items()} == {
        "2004Q1": ("2004Q1", "aers"),
        "2017Q2": ("2017Q2", "faers"),
        "2022Q4": ("2022Q4", "faers"),
    }


def test_file_reads_record_each_member_and_nothing_lost(landed):
    con, _ = landed
    rows = con.execute(
        "SELECT quarter, file_name, table_name, encoding, line_endings, lines_read, rows_loaded,"
        " rows_quarantined, rows_split_extra, lines_joined FROM file_reads ORDER BY ALL"
    ).fetchall()
    assert len(rows) == 22  # 3 x 7 tables + the 2022Q4 deleted list
    for _q, _f, _t, encoding, endings, lines, loaded, quarantined, split, joined in rows:
        assert (encoding, endings) == ("utf-8", "lf")
        assert lines == loaded + quarantined - split + joined
    assert ("2022Q4", "Deleted/DELETE22Q4.txt", "deleted") in {r[:3] for r in rows}


def test_legacy_header_names_land_in_the_unified_columns(landed):
    con, _ = landed
    # DEMO04Q1 line 2: isr 4263742, case 4061110, i_f_cod I, gndr_cod F, no reporter_country
    assert _one(
        con,
        "SELECT line_no, primaryid, caseid, i_f_cod, image, sex, mfr_num, mfr_sndr, age,"
        " reporter_country, caseversion FROM demo WHERE quarter = '2004Q1' AND primaryid = ?",
        "4263742",
    ) == (
        2,
        "4263742",
        "4061110",
        "I",
        "4263742-7",
        "F",
        "DSA_23619_2003",
        "BIOVAIL PHARMACEUTICALS INC.",
        "42",
        None,
        None,
    )
    # legacy THER/INDI drug_seq stays drug_seq; legacy child tables have no caseid
    assert _one(
        con,
        "SELECT caseid, drug_seq, start_dt, dur FROM ther WHERE quarter = '2004Q1' AND line_no = 2",
    ) == (None, "1004492716", "20031115", None)
    assert _one(
        con,
        "SELECT primaryid, drug_seq, indi_pt FROM indi WHERE quarter = '2004Q1' AND line_no = 2",
    ) == ("4264028", "1004493847", "BREAST CANCER")


def test_legacy_trailing_dollar_and_the_subset_makers_column_are_reported_not_landed(landed):
    con, _ = landed
    unknown = dict(
        con.execute(
            "SELECT table_name, unknown_columns FROM file_reads WHERE quarter = '2004Q1'"
        ).fetchall()
    )
    assert unknown == {
        "demo": "v23",
        "drug": "v13",
        "reac": "v3",
        "outc": "v3",
        "rpsr": "v3",
        "ther": "v7",
        "indi": None,
    }


def test_faers_header_names_land_in_the_unified_columns(landed):
    con, _ = landed
    # i_f_code -> i_f_cod, dsg_drug_seq and indi_drug_seq -> drug_seq
    assert _one(
        con,
        "SELECT i_f_cod, event_dt, caseversion FROM demo WHERE quarter = '2017Q2' AND line_no = 2",
    ) == ("F", "2003", "4")
    assert _one(
        con,
        "SELECT primaryid, caseid, drug_seq, start_dt, end_dt FROM ther"
        " WHERE quarter = '2017Q2' AND line_no = 3",
    ) == ("115630624", "11563062", "1", "20150327", "201507")
    assert _one(
        con,
        "SELECT drug_seq, indi_pt FROM indi WHERE quarter = '2017Q2' AND line_no = 2",
    ) == ("1", "Product used for unknown indication")


def test_codes_stay_text_as_in_the_file(landed):
    con, _ = landed
    assert _one(
        con, "SELECT nda_num, dose_form FROM drug WHERE quarter = '2017Q2' AND line_no = 2"
    ) == ("020272", "TABLETS")
    assert _one(
        con, "SELECT drugname, prod_ai FROM drug WHERE quarter = '2017Q2' AND line_no = 14"
    ) == ("Trimethoprim/sulfamethoxazole", "SULFAMETHOXAZOLE\\TRIMETHOPRIM")


def test_faers_identifiers_as_in_the_file(landed):
    con, _ = landed
    assert _one(
        con,
        "SELECT line_no, primaryid, caseversion, mfr_num FROM demo"
        " WHERE quarter = '2022Q4' AND caseid = '10021305'",
    ) == (3, "1002130537", "37", "PHHY2014CA019281")


def test_the_last_line_without_a_newline_is_read(landed):
    con, _ = landed
    assert _one(
        con,
        "SELECT line_no, primaryid, caseid, outc_cod FROM outc WHERE quarter = '2022Q4'"
        " ORDER BY line_no DESC LIMIT 1",
    ) == (1207, "1334561719", "13345617", "HO")


def test_the_real_deleted_list_gives_its_3624_ids(landed):
    con, _ = landed
    count, distinct, first_line, last_line = _one(
        con,
        "SELECT count(*), count(DISTINCT caseid), min(line_no), max(line_no) FROM deleted"
        " WHERE quarter = '2022Q4'",
    )
    assert (count, distinct, first_line, last_line) == (3624, 3624, 2, 3625)
    assert _one(con, "SELECT caseid FROM deleted WHERE line_no = 2") == ("10153291",)
    assert _one(con, "SELECT caseid FROM deleted WHERE line_no = 3625") == ("9935159",)
    assert _one(con, "SELECT header FROM file_reads WHERE table_name = 'deleted'") == (" ",)
