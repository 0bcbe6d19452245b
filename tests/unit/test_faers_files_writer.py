"""The stand-in writer of FDA-layout zips (standins/faers_files/writer.py), proved by the
reader: rows written in each era's layout land unchanged, and each injectable quirk lands as
the reader's rules say."""

from __future__ import annotations

import zipfile

import duckdb
import pytest

from ketamine_faers.sources.faers_files.landing import land_quarter
from standins.faers_files.writer import DeletedList, Quirks, layout, write_quarter_zip, zip_name

DEMO = {
    "primaryid": "1002130537",
    "caseid": "10021305",
    "caseversion": "37",
    "i_f_cod": "F",
    "event_dt": "20210415",
    "fda_dt": "20221005",
    "mfr_num": "PHHY2014CA019281",
    "mfr_sndr": "NOVARTIS",
    "age": "43",
    "age_cod": "YR",
    "sex": "M",
    "rept_dt": "20221005",
    "reporter_country": "CA",
}
DRUG = {
    "primaryid": "1002130537",
    "caseid": "10021305",
    "drug_seq": "1",
    "role_cod": "PS",
    "drugname": "KETALAR",
    "prod_ai": "KETAMINE HYDROCHLORIDE",
    "lot_num": "L1",
    "nda_num": "016812",
}
REAC = {"primaryid": "1002130537", "caseid": "10021305", "pt": "Dissociation"}


def _legacy(row: dict[str, str]) -> dict[str, str]:
    """A FAERS row as a legacy quarter holds it: no caseid in child tables, no FAERS-only
    columns."""
    faers_only = {"caseversion", "init_fda_dt", "auth_num", "lit_ref", "age_grp", "prod_ai"}
    faers_only |= {"drug_rec_act", "occr_country", "cum_dose_chr", "cum_dose_unit", "dose_amt"}
    faers_only |= {"dose_unit", "dose_form", "dose_freq"}
    return {k: v for k, v in row.items() if k not in faers_only}


@pytest.fixture
def con():
    connection = duckdb.connect()
    yield connection
    connection.close()


def landed(con, table: str, columns: list[str]) -> list[tuple]:
    return con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY line_no").fetchall()  # noqa: S608


@pytest.mark.parametrize("quarter", ["2004Q1", "2008Q3", "2012Q4", "2013Q2", "2022Q4"])
def test_rows_written_in_each_eras_layout_land_unchanged(con, tmp_path, quarter):
    legacy = quarter < "2012Q4"
    demo = _legacy(DEMO) if legacy else dict(DEMO)
    drug = {
        k: v for k, v in (_legacy(DRUG) if legacy else DRUG).items() if k != "caseid" or not legacy
    }
    if quarter < "2005Q3":
        demo.pop("reporter_country")
    if quarter < "2014Q3":
        drug.pop("prod_ai", None)
    reac = {k: v for k, v in REAC.items() if k != "caseid" or not legacy}
    path = write_quarter_zip(tmp_path, quarter, {"demo": [demo], "drug": [drug], "reac": [reac]})
    result = land_quarter(con, None, path)
    assert result.quarantined == 0
    assert all(read.unknown_columns == () for read in result.files)
    assert landed(con, "demo", list(demo)) == [tuple(demo.values())]
    assert landed(con, "drug", list(drug)) == [tuple(drug.values())]
    assert landed(con, "reac", list(reac)) == [tuple(reac.values())]


def test_the_layouts_follow_fdas_eras():
    assert (
        len(layout("demo", "2004Q1")) == 22 and layout("demo", "2005Q3")[-1] == "reporter_country"
    )
    assert len(layout("demo", "2013Q1")) == 22 and "gndr_cod" in layout("demo", "2013Q1")
    assert len(layout("demo", "2014Q3")) == 25 and len(layout("drug", "2014Q3")) == 20
    assert {"lot_nbr", "outc_code", " rept_dt"} <= {
        *layout("drug", "2012Q4"),
        *layout("outc", "2012Q4"),
        *layout("demo", "2012Q4"),
    }
    assert zip_name("2004Q1") == "aers_ascii_2004q1.zip"
    assert zip_name("2022Q4") == "faers_ascii_2022Q4.zip"


def test_fdas_member_names_by_era(tmp_path):
    names = {
        quarter: sorted(
            zipfile.ZipFile(
                write_quarter_zip(tmp_path, quarter, {"demo": [], "drug": []})
            ).namelist()
        )
        for quarter in ("2004Q1", "2012Q4", "2017Q2", "2022Q4")
    }
    assert names == {
        "2004Q1": ["ascii/DEMO04Q1.TXT", "ascii/DRUG04Q1.TXT"],
        "2012Q4": ["ascii/demo12q4.txt", "ascii/drug12q4.txt"],
        "2017Q2": ["ascii/DEMO17Q2.txt", "ascii/DRUG17Q2.txt"],
        "2022Q4": ["ASCII/DEMO22Q4.txt", "ASCII/DRUG22Q4.txt"],
    }


def test_injected_quirks_land_as_the_reading_rules_say(con, tmp_path):
    drugs = [
        {"primaryid": "7941353", "drug_seq": "1018188212", "drugname": "ARICEPT"},
        {"primaryid": "7941354", "drug_seq": "1018188213", "drugname": "MEMANTINE\x7f"},
        {"primaryid": "7941355", "drug_seq": "1018188214", "drugname": "CAFÉ"},
    ]
    quirks = Quirks(
        crlf={"drug"},
        latin1={"drug"},
        run_on={"drug": 0},
        no_final_newline={"drug", "reac"},
        folder="asii",
        extra_members={"ascii/STAT11Q4.TXT": b"x", "ASC_NTS.doc": b"x"},
    )
    path = write_quarter_zip(
        tmp_path,
        "2011Q4",
        {"drug": drugs, "reac": [{"primaryid": "7941353", "pt": "NAUSEA"}]},
        quirks=quirks,
    )
    result = land_quarter(con, None, path)
    assert landed(con, "drug", ["line_no", "primaryid", "drugname"]) == [
        (2, "7941353", "ARICEPT"),
        (2, "7941354", "MEMANTINE"),
        (3, "7941355", "CAFÉ"),
    ]
    (drug,) = [read for read in result.files if read.table_name == "drug"]
    assert (drug.file_name, drug.encoding, drug.line_endings) == (
        "asii/DRUG11Q4.TXT",
        "latin-1",
        "crlf",
    )
    assert (drug.rows_split_extra, drug.control_bytes_removed, drug.balanced) == (1, 1, True)
    assert landed(con, "reac", ["pt"]) == [("NAUSEA",)]


def test_the_2012q4_bom_and_spellings_and_the_2018q1_demo_name(con, tmp_path):
    path = write_quarter_zip(tmp_path, "2012Q4", {"drug": [dict(_legacy(DRUG), caseid="10021305")]})
    written = zipfile.ZipFile(path).read("ascii/drug12q4.txt")
    assert written.startswith(b"\xef\xbb\xbfprimaryid$caseid$drug_seq$")
    assert b"$lot_nbr$" in written
    land_quarter(con, None, path)
    assert landed(con, "drug", ["lot_num", "nda_num"]) == [("L1", "016812")]
    new = write_quarter_zip(tmp_path, "2018Q1", {"demo": [DEMO]}, quirks=Quirks(demo_new=True))
    assert zipfile.ZipFile(new).namelist() == ["ascii/DEMO18Q1_new.txt"]


def test_deleted_lists_as_fda_writes_them_and_with_a_header(con, tmp_path):
    path = write_quarter_zip(
        tmp_path,
        "2019Q1",
        {},
        deleted=[
            DeletedList(["21844438", "9935159"], name="deleted/ADR19Q1DeletedCases.txt"),
            DeletedList(
                ["3333333"], name="deleted/AllDeletedCases.txt", first_line="caseid", crlf=True
            ),
        ],
    )
    assert (
        zipfile.ZipFile(path).read("deleted/ADR19Q1DeletedCases.txt") == b" \n21844438\n9935159\n"
    )
    result = land_quarter(con, None, path)
    assert con.execute(
        "SELECT file_name, line_no, caseid FROM deleted ORDER BY ALL"
    ).fetchall() == [
        ("deleted/ADR19Q1DeletedCases.txt", 2, "21844438"),
        ("deleted/ADR19Q1DeletedCases.txt", 3, "9935159"),
        ("deleted/AllDeletedCases.txt", 2, "3333333"),
    ]
    assert result.rows["deleted"] == 3 and result.missing_tables == (
        "demo",
        "drug",
        "reac",
        "outc",
        "rpsr",
        "ther",
        "indi",
    )
