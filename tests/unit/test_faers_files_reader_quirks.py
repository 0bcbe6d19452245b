"""One behaviour per test: every quirk of notes §7 that the reader handles, on small zips
written here byte by byte (FDA's layouts, the quirks injected as FDA's files show them)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import duckdb
import pytest

from ketamine_faers.sources.faers_files.landing import LandingResult, land_quarter
from ketamine_faers.sources.faers_files.reader import (
    FileRead,
    MemberError,
    find_members,
    parse_header,
    quarter_from_name,
)

# Legacy headers are upper case in FDA's files (notes §3); rows end in '$' except INDI's.
LEGACY_DEMO_A = (
    "ISR$CASE$I_F_COD$FOLL_SEQ$IMAGE$EVENT_DT$MFR_DT$FDA_DT$REPT_COD$MFR_NUM$MFR_SNDR$AGE$"
    "AGE_COD$GNDR_COD$E_SUB$WT$WT_COD$REPT_DT$OCCP_COD$DEATH_DT$TO_MFR$CONFID"
)
LEGACY_DEMO_B = LEGACY_DEMO_A + "$REPORTER_COUNTRY"
LEGACY_DRUG = (
    "ISR$DRUG_SEQ$ROLE_COD$DRUGNAME$VAL_VBM$ROUTE$DOSE_VBM$DECHAL$RECHAL$LOT_NUM$EXP_DT$NDA_NUM"
)
LEGACY_INDI = "ISR$DRUG_SEQ$INDI_PT"
LEGACY_REAC = "ISR$PT"
FAERS_REAC = "primaryid$caseid$pt$drug_rec_act"
FAERS_OUTC = "primaryid$caseid$outc_cod"


def legacy_demo_row(isr: str, case: str, mfr_num: str = "", country: str | None = None) -> str:
    fields = [isr, case, "I", "", f"{isr}-1", "20110105", "20110110", "20120115", "EXP"]
    fields += [mfr_num, "CUBIST" if mfr_num else "", "63", "YR", "M", "Y", "", "", "20120113"]
    fields += ["MD", "", "N", "N"]
    if country is not None:
        fields.append(country)
    return "$".join(fields) + "$"


def legacy_drug_row(isr: str, seq: str, name: str, nda: str = "021487") -> str:
    return f"{isr}${seq}$PS${name}$1$ORAL$$U$U$$${nda}$"


def write_zip(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data.encode("ascii") if isinstance(data, str) else data)
    return path


def lines(*rows: str, end: str = "\n") -> str:
    return "".join(row + end for row in rows)


@pytest.fixture
def con():
    connection = duckdb.connect()
    yield connection
    connection.close()


def land(con, tmp_path: Path, name: str, members: dict[str, bytes | str]) -> LandingResult:
    return land_quarter(con, None, write_zip(tmp_path / name, members))


def read_of(result: LandingResult, table: str) -> FileRead:
    (read,) = [read for read in result.files if read.table_name == table]
    assert read.balanced
    return read


def rows(con, query: str) -> list[tuple]:
    return con.execute(query).fetchall()


# 1. legacy trailing '$'


def test_legacy_rows_with_one_trailing_empty_field_read_as_the_headers_columns(con, tmp_path):
    result = land(
        con,
        tmp_path,
        "aers_ascii_2005q3.zip",
        {
            "ascii/DEMO05Q3.TXT": lines(LEGACY_DEMO_B, legacy_demo_row("5000001", "4000001")),
            "ascii/REAC05Q3.TXT": lines(LEGACY_REAC, "5000001$NAUSEA$"),
        },
    )
    assert result.quarantined == 0
    assert rows(con, "SELECT primaryid, pt FROM reac") == [("5000001", "NAUSEA")]
    assert rows(con, "SELECT confid, reporter_country FROM demo") == [("N", None)]


def test_legacy_indi_rows_have_no_trailing_field_and_read_the_same(con, tmp_path):
    land(
        con,
        tmp_path,
        "aers_ascii_2005q3.zip",
        {"ascii/INDI05Q3.TXT": lines(LEGACY_INDI, "5000001$1000000001$PAIN")},
    )
    assert rows(con, "SELECT primaryid, drug_seq, indi_pt FROM indi") == [
        ("5000001", "1000000001", "PAIN")
    ]


# 2. legacy DEMO with and without reporter_country


def test_legacy_demo_before_2005q3_has_no_reporter_country(con, tmp_path):
    land(
        con,
        tmp_path,
        "aers_ascii_2005q2.zip",
        {"ascii/DEMO05Q2.TXT": lines(LEGACY_DEMO_A, legacy_demo_row("5000001", "4000001"))},
    )
    land(
        con,
        tmp_path,
        "aers_ascii_2005q3.zip",
        {
            "ascii/DEMO05Q3.TXT": lines(
                LEGACY_DEMO_B, legacy_demo_row("5000002", "4000002", country="UNITED STATES")
            )
        },
    )
    assert rows(con, "SELECT quarter, reporter_country, confid FROM demo ORDER BY quarter") == [
        ("2005Q2", None, "N"),
        ("2005Q3", "UNITED STATES", "N"),
    ]


# 3./4. the 2012Q4 header and the 2014Q3 additions


def test_2012q4_spellings_bom_and_lower_case_names_map_to_the_unified_columns(con, tmp_path):
    demo = (
        "primaryid$caseid$caseversion$i_f_code$event_dt$mfr_dt$init_fda_dt$fda_dt$rept_cod$"
        "mfr_num$mfr_sndr$age$age_cod$gndr_cod$e_sub$wt$wt_cod$ rept_dt$to_mfr$occp_cod$"
        "reporter_country$occr_country"
    )
    drug = (
        "primaryid$caseid$drug_seq$role_cod$drugname$val_vbm$route$dose_vbm$cum_dose_chr$"
        "cum_dose_unit$dechal$rechal$lot_nbr$exp_dt$nda_num$dose_amt$dose_unit$dose_form$dose_freq"
    )
    land(
        con,
        tmp_path,
        "faers_ascii_2012q4.zip",
        {
            "ascii/demo12q4.txt": lines(
                demo,
                "88000011$8800001$1$I$2012$$20121001$20121001$DIR$$$30$YR$F$N$$$20121001$$CN$US$US",
            ),
            "ascii/drug12q4.txt": b"\xef\xbb\xbf"
            + lines(
                drug, "88000011$8800001$1$PS$KETALAR$1$Intravenous$$$$U$U$LOT 7$$016812$$$$"
            ).encode(),
            "ascii/outc12q4.txt": lines("primaryid$caseid$outc_code", "88000011$8800001$HO"),
        },
    )
    assert rows(con, "SELECT i_f_cod, sex, rept_dt, occp_cod FROM demo") == [
        ("I", "F", "20121001", "CN")
    ]
    assert rows(con, "SELECT primaryid, lot_num, nda_num, prod_ai FROM drug") == [
        ("88000011", "LOT 7", "016812", None)
    ]
    assert rows(con, "SELECT outc_cod FROM outc") == [("HO",)]
    assert (
        rows(con, "SELECT unknown_columns FROM file_reads WHERE unknown_columns IS NOT NULL") == []
    )


def test_header_names_are_trimmed_lower_cased_and_freed_of_a_bom():
    header = parse_header("demo", "\ufeffISR$ CASE $GNDR_COD$ rept_dt\r\n")
    assert header.columns == ("primaryid", "caseid", "sex", "rept_dt")
    assert header.unknown == ()


def test_an_unknown_header_column_is_read_reported_and_not_landed(con, tmp_path):
    result = land(
        con,
        tmp_path,
        "faers_ascii_2030Q1.zip",
        {"ASCII/REAC30Q1.txt": lines(FAERS_REAC + "$new_col", "301$30$Headache$$X")},
    )
    assert read_of(result, "reac").unknown_columns == ("new_col",)
    assert rows(con, "SELECT primaryid, pt, drug_rec_act FROM reac") == [("301", "Headache", None)]
    assert rows(con, "SELECT unknown_columns FROM file_reads") == [("new_col",)]


# 5. run-on lines


def test_two_legacy_records_on_one_line_become_two_rows(con, tmp_path):
    run_on = legacy_drug_row("7941353", "1018188212", "ARICEPT") + legacy_drug_row(
        "7941354", "1018188213", "MEMANTINE HYDROCHLORIDE"
    )
    result = land(
        con,
        tmp_path,
        "aers_ascii_2011q4.zip",
        {
            "ascii/DRUG11Q4.TXT": lines(
                LEGACY_DRUG,
                legacy_drug_row("7941352", "1018188211", "ASPIRIN"),
                run_on,
                legacy_drug_row("7941355", "1018188214", "NAMENDA"),
            )
        },
    )
    assert rows(
        con, "SELECT line_no, primaryid, drug_seq, drugname, nda_num FROM drug ORDER BY 2"
    ) == [
        (2, "7941352", "1018188211", "ASPIRIN", "021487"),
        (3, "7941353", "1018188212", "ARICEPT", "021487"),
        (3, "7941354", "1018188213", "MEMANTINE HYDROCHLORIDE", "021487"),
        (4, "7941355", "1018188214", "NAMENDA", "021487"),
    ]
    read = read_of(result, "drug")
    assert (read.lines_read, read.rows_loaded, read.rows_quarantined) == (3, 4, 0)
    assert (read.rows_repaired, read.rows_split_extra) == (1, 1)


# 6. embedded '$'


def test_the_known_embedded_dollar_in_a_manufacturer_number_is_repaired(con, tmp_path):
    damaged = legacy_demo_row("8129732", "8401177", "JP-CUBIST-$E2B0000000182", "JAPAN")
    result = land(
        con,
        tmp_path,
        "aers_ascii_2012q1.zip",
        {"ascii/DEMO12Q1.TXT": lines(LEGACY_DEMO_B, damaged)},
    )
    assert rows(con, "SELECT mfr_num, mfr_sndr, age, sex, reporter_country FROM demo") == [
        ("JP-CUBIST-$E2B0000000182", "CUBIST", "63", "M", "JAPAN")
    ]
    assert read_of(result, "demo").rows_repaired == 1


def test_an_embedded_dollar_without_a_known_repair_is_quarantined_not_shifted(con, tmp_path):
    result = land(
        con,
        tmp_path,
        "faers_ascii_2030Q1.zip",
        {"ASCII/REAC30Q1.txt": lines(FAERS_REAC, "301$30$Head$ache$", "302$30$Nausea$")},
    )
    assert rows(con, "SELECT line_no, primaryid, pt FROM reac") == [(3, "302", "Nausea")]
    ((line_no, table, reason, raw),) = rows(
        con, "SELECT line_no, table_name, reason, raw_text FROM quarantine"
    )
    assert (line_no, table, raw) == (2, "reac", "301$30$Head$ache$")
    assert reason.startswith("too many fields: 5 for a header of 4")
    assert read_of(result, "reac").rows_quarantined == 1


# 7. stray bytes and encodings


def test_del_and_backspace_bytes_are_removed_and_counted(con, tmp_path):
    result = land(
        con,
        tmp_path,
        "aers_ascii_2011q4.zip",
        {
            "ascii/DRUG11Q4.TXT": (
                LEGACY_DRUG
                + "\n"
                + legacy_drug_row("7000001", "1", "ASPI\x7fRIN")
                + "\n"
                + legacy_drug_row("7000002", "2", "\x08\x08TYLENOL")
                + "\n"
            ).encode("ascii")
        },
    )
    assert rows(con, "SELECT drugname FROM drug ORDER BY line_no") == [("ASPIRIN",), ("TYLENOL",)]
    assert read_of(result, "drug").control_bytes_removed == 3


def test_a_file_that_is_not_utf8_is_read_as_latin1_and_says_so(con, tmp_path):
    result = land(
        con,
        tmp_path,
        "faers_ascii_2019Q3.zip",
        {
            "ASCII/REAC19Q3.txt": lines(FAERS_REAC, "301$30$Ecz\xe9ma$").encode("latin-1"),
            "ASCII/OUTC19Q3.txt": lines(FAERS_OUTC, "301$30$OT"),
        },
    )
    assert rows(con, "SELECT pt FROM reac") == [("Eczéma",)]
    assert (read_of(result, "reac").encoding, read_of(result, "outc").encoding) == (
        "latin-1",
        "utf-8",
    )


# 8. line endings


def test_crlf_lf_and_mixed_endings_leave_no_carriage_return(con, tmp_path):
    result = land(
        con,
        tmp_path,
        "faers_ascii_2026Q2.zip",
        {
            "ASCII/DEMO26Q2.txt": lines("primaryid$caseid$sex", "261$26$F", "262$26$M"),
            "ASCII/DRUG26Q2.txt": lines("primaryid$caseid$drugname", "261$26$KETALAR", end="\r\n"),
            "ASCII/REAC26Q2.txt": "primaryid$caseid$pt\r\n261$26$Nausea\n262$26$Vomiting\r\n",
        },
    )
    assert {table: read_of(result, table).line_endings for table in ("demo", "drug", "reac")} == {
        "demo": "lf",
        "drug": "crlf",
        "reac": "mixed",
    }
    assert rows(con, "SELECT drugname FROM drug") == [("KETALAR",)]
    assert rows(con, "SELECT pt FROM reac ORDER BY line_no") == [("Nausea",), ("Vomiting",)]
    assert rows(con, "SELECT count(*) FROM demo WHERE sex LIKE '%' || chr(13) || '%'") == [(0,)]


# 9. no final newline


def test_the_last_row_is_read_without_a_final_newline(con, tmp_path):
    result = land(
        con,
        tmp_path,
        "faers_ascii_2022Q4.zip",
        {"ASCII/OUTC22Q4.txt": "primaryid$caseid$outc_cod\n221$22$HO\n222$22$DE"},
    )
    assert rows(con, "SELECT line_no, primaryid, outc_cod FROM outc ORDER BY line_no") == [
        (2, "221", "HO"),
        (3, "222", "DE"),
    ]
    assert read_of(result, "outc").lines_read == 2


def test_a_crlf_file_without_a_final_newline_keeps_no_carriage_return(con, tmp_path):
    land(
        con,
        tmp_path,
        "faers_ascii_2022Q4.zip",
        {"ASCII/OUTC22Q4.txt": "primaryid$caseid$outc_cod\r\n221$22$HO\r\n222$22$DE\r"},
    )
    assert rows(con, "SELECT outc_cod FROM outc ORDER BY line_no") == [("HO",), ("DE",)]


# 10. file and folder names


def test_tables_and_deleted_lists_are_found_by_name_at_any_depth_in_any_case():
    members = find_members(
        [
            "asci/",
            "asci/DEMO13Q1.txt",
            "asii/drug13q1.TXT",
            "faers_ascii_2013q1/ascii/REAC13Q1.txt",
            "ASCII/OUTC13Q1.txt",
            "ascii/RPSR13Q1.txt",
            "ASCII/ASC_NTS.pdf",
            "ASCII/STAT13Q1.TXT",
            "SIZE13Q1.TXT",
            "Readme.doc",
            "deleted/ADR19Q1DeletedCases.txt",
            "deleted/AllDeletedCases.txt",
            "Deleted/21Q1DeletedCases.txt",
            "Deleted/DELETE22Q4.txt",
        ]
    )
    assert members.tables == {
        "demo": "asci/DEMO13Q1.txt",
        "drug": "asii/drug13q1.TXT",
        "reac": "faers_ascii_2013q1/ascii/REAC13Q1.txt",
        "outc": "ASCII/OUTC13Q1.txt",
        "rpsr": "ascii/RPSR13Q1.txt",
    }
    assert members.missing == ("ther", "indi")
    assert members.deleted == (
        "Deleted/21Q1DeletedCases.txt",
        "Deleted/DELETE22Q4.txt",
        "deleted/ADR19Q1DeletedCases.txt",
        "deleted/AllDeletedCases.txt",
    )
    assert set(members.ignored) == {
        "ASCII/ASC_NTS.pdf",
        "ASCII/STAT13Q1.TXT",
        "SIZE13Q1.TXT",
        "Readme.doc",
    }


def test_the_2018q1_new_demographics_file_is_the_demo_table():
    assert find_members(["ascii/DEMO18Q1_new.txt"]).tables == {"demo": "ascii/DEMO18Q1_new.txt"}
    assert find_members(["ascii/DEMO18Q1.txt", "ascii/DEMO18Q1_new.txt"]).tables == {
        "demo": "ascii/DEMO18Q1_new.txt"
    }


def test_a_table_twice_in_one_zip_is_refused():
    with pytest.raises(MemberError, match="DEMO more than once"):
        find_members(["ascii/DEMO13Q1.txt", "ASCII/DEMO13Q1.TXT"])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("aers_ascii_2004q1.zip", ("2004Q1", "aers")),
        ("AERS_ASCII_2009q2.ZIP", ("2009Q2", "aers")),
        ("faers_ascii_2012q4.zip", ("2012Q4", "faers")),
        ("faers_ascii_2023Q4.zip", ("2023Q4", "faers")),
        ("faers_ascii_2023q2.zip", ("2023Q2", "faers")),
        ("faers_ascii_2022Q4_subset.zip", ("2022Q4", "faers")),
        ("quarter.zip", None),
    ],
)
def test_quarter_and_era_come_from_the_zip_name(name, expected):
    assert quarter_from_name(name) == expected


def test_a_zip_name_whose_prefix_and_quarter_disagree_is_refused():
    with pytest.raises(ValueError, match="cannot hold 2013Q1"):
        quarter_from_name("aers_ascii_2013q1.zip")


def test_quarter_and_era_given_as_arguments_win_over_the_name(con, tmp_path):
    path = write_zip(tmp_path / "q.zip", {"ASCII/OUTC20Q1.txt": lines(FAERS_OUTC, "1$1$HO")})
    result = land_quarter(con, "2020Q1", path)
    assert (result.quarter, result.era) == ("2020Q1", "faers")
    assert rows(con, "SELECT quarter, era, file_name FROM outc") == [
        ("2020Q1", "faers", "ASCII/OUTC20Q1.txt")
    ]


# 11. deleted lists


def test_a_deleted_list_with_a_lone_space_line_and_text_sorted_ids(con, tmp_path):
    result = land(
        con,
        tmp_path,
        "faers_ascii_2021Q4.zip",
        {"Deleted/DELETE21Q4.txt": " \n10153291\n21844438\n9935159\n"},
    )
    assert rows(con, "SELECT line_no, caseid FROM deleted ORDER BY line_no") == [
        (2, "10153291"),
        (3, "21844438"),
        (4, "9935159"),
    ]
    assert result.rows["deleted"] == 3


def test_a_deleted_list_with_a_caseid_header_parses(con, tmp_path):
    result = land(
        con,
        tmp_path,
        "faers_ascii_2021Q1.zip",
        {"Deleted/21Q1DeletedCases.txt": "caseid\r\n12345678\r\n7654321\r\n"},
    )
    assert rows(con, "SELECT caseid FROM deleted ORDER BY line_no") == [("12345678",), ("7654321",)]
    read = read_of(result, "deleted")
    assert (read.header, read.lines_read, read.line_endings) == ("caseid", 2, "crlf")


def test_every_deleted_list_of_2019q1_is_read_and_a_bad_line_quarantined(con, tmp_path):
    result = land(
        con,
        tmp_path,
        "faers_ascii_2019Q1.zip",
        {
            "deleted/ADR19Q1DeletedCases.txt": "11111111\n22222222\n",
            "deleted/AllDeletedCases.txt": "3333333\nnot-an-id\n",
        },
    )
    assert rows(con, "SELECT file_name, caseid FROM deleted ORDER BY ALL") == [
        ("deleted/ADR19Q1DeletedCases.txt", "11111111"),
        ("deleted/ADR19Q1DeletedCases.txt", "22222222"),
        ("deleted/AllDeletedCases.txt", "3333333"),
    ]
    assert rows(con, "SELECT line_no, table_name, raw_text FROM quarantine") == [
        (2, "deleted", "not-an-id")
    ]
    assert result.quarantined == 1


# too few fields, blank lines, line numbers


def test_a_record_broken_by_a_line_feed_is_joined_with_the_next_line(con, tmp_path):
    result = land(
        con,
        tmp_path,
        "aers_ascii_2008q1.zip",
        {
            "ascii/DRUG08Q1.TXT": lines(
                LEGACY_DRUG,
                "6000001$1000000001$PS$MORPHINE",
                "SULFATE$1$ORAL$$U$U$$$019516$",
                legacy_drug_row("6000002", "1000000002", "KADIAN"),
            )
        },
    )
    assert rows(con, "SELECT line_no, drugname, route, nda_num FROM drug ORDER BY line_no") == [
        (2, "MORPHINE\nSULFATE", "ORAL", "019516"),
        (4, "KADIAN", "ORAL", "021487"),
    ]
    read = read_of(result, "drug")
    assert (read.lines_read, read.rows_loaded, read.lines_joined, read.rows_repaired) == (
        3,
        2,
        1,
        1,
    )


def test_a_short_line_nothing_completes_is_quarantined(con, tmp_path):
    result = land(
        con,
        tmp_path,
        "faers_ascii_2030Q1.zip",
        {"ASCII/OUTC30Q1.txt": lines(FAERS_OUTC, "301$30", "302$30$DE")},
    )
    assert rows(con, "SELECT line_no, outc_cod FROM outc") == [(3, "DE")]
    assert rows(con, "SELECT line_no, raw_text FROM quarantine") == [(2, "301$30")]
    assert rows(con, "SELECT reason FROM quarantine")[0][0].startswith("too few fields: 2")
    assert read_of(result, "outc").rows_quarantined == 1


def test_blank_lines_are_quarantined_and_later_rows_keep_their_line_numbers(con, tmp_path):
    result = land(
        con,
        tmp_path,
        "faers_ascii_2030Q1.zip",
        {
            "ASCII/OUTC30Q1.txt": lines(
                FAERS_OUTC, "301$30$HO", "", "", "302$30$DE", "   ", "303$30$OT"
            )
        },
    )
    assert rows(con, "SELECT line_no, primaryid FROM outc ORDER BY line_no") == [
        (2, "301"),
        (5, "302"),
        (7, "303"),
    ]
    assert rows(con, "SELECT line_no, reason FROM quarantine ORDER BY line_no") == [
        (3, "blank line"),
        (4, "blank line"),
        (6, "blank line"),
    ]
    read = read_of(result, "outc")
    assert (read.lines_read, read.rows_loaded, read.rows_quarantined) == (6, 3, 3)


def test_line_numbers_of_rows_after_rejected_lines_are_the_files(con, tmp_path):
    body = [f"{n}$1$HO" for n in range(2, 40)]
    body[5] = "7$1"  # line 7: short
    body[20] = "22$1$HO$X"  # line 22: long
    land(con, tmp_path, "faers_ascii_2030Q1.zip", {"ASCII/OUTC30Q1.txt": lines(FAERS_OUTC, *body)})
    landed = rows(con, "SELECT line_no, primaryid FROM outc ORDER BY line_no")
    assert all(str(line_no) == primaryid for line_no, primaryid in landed)
    assert len(landed) == 36
    assert rows(con, "SELECT line_no FROM quarantine ORDER BY 1") == [(7,), (22,)]


# the landing


def test_relanding_a_quarter_replaces_it(con, tmp_path):
    first = {"ASCII/OUTC30Q1.txt": lines(FAERS_OUTC, "301$30$HO", "302$30$DE")}
    land(con, tmp_path, "faers_ascii_2030Q1.zip", first)
    land(
        con, tmp_path, "faers_ascii_2030Q2.zip", {"ASCII/OUTC30Q2.txt": lines(FAERS_OUTC, "9$9$OT")}
    )
    land(con, tmp_path, "faers_ascii_2030Q1.zip", first)
    assert rows(con, "SELECT quarter, count(*) FROM outc GROUP BY 1 ORDER BY 1") == [
        ("2030Q1", 2),
        ("2030Q2", 1),
    ]
    assert rows(con, "SELECT quarter, count(*) FROM file_reads GROUP BY 1 ORDER BY 1") == [
        ("2030Q1", 1),
        ("2030Q2", 1),
    ]
    land(
        con,
        tmp_path / ".." / tmp_path.name,
        "faers_ascii_2030Q1.zip",
        {"ASCII/REAC30Q1.txt": lines(FAERS_REAC, "303$30$Nausea$")},
    )
    assert rows(con, "SELECT quarter, count(*) FROM outc GROUP BY 1 ORDER BY 1") == [("2030Q2", 1)]
    assert rows(con, "SELECT quarter, primaryid FROM reac") == [("2030Q1", "303")]


def test_a_failed_landing_keeps_the_stored_quarter(con, tmp_path):
    land(
        con, tmp_path, "faers_ascii_2030Q1.zip", {"ASCII/OUTC30Q1.txt": lines(FAERS_OUTC, "1$1$HO")}
    )
    broken = {
        "ASCII/OUTC30Q1.txt": lines(FAERS_OUTC, "2$2$DE"),
        "ascii/OUTC30Q1.TXT": lines(FAERS_OUTC, "3$3$OT"),
    }
    with pytest.raises(MemberError):
        land(con, tmp_path, "faers_ascii_2030Q1.zip", broken)
    assert rows(con, "SELECT primaryid FROM outc") == [("1",)]


def test_a_landing_database_path_is_opened_and_closed(tmp_path):
    path = write_zip(
        tmp_path / "faers_ascii_2030Q1.zip", {"ASCII/OUTC30Q1.txt": lines(FAERS_OUTC, "1$1$HO")}
    )
    database = tmp_path / "files_landing.duckdb"
    result = land_quarter(database, None, path)
    assert result.rows["outc"] == 1
    assert result.missing_tables == ("demo", "drug", "reac", "rpsr", "ther", "indi")
    with duckdb.connect(str(database), read_only=True) as check:
        assert check.execute("SELECT count(*) FROM outc").fetchall() == [(1,)]


def test_an_embedded_dollar_before_an_empty_last_value_is_not_read_shifted(con, tmp_path):
    """DuckDB alone would drop the trailing empty field and load ``ache`` as drug_rec_act."""
    land(
        con,
        tmp_path,
        "faers_ascii_2030Q1.zip",
        {"ASCII/REAC30Q1.txt": lines(FAERS_REAC, "301$30$Head$ache$")},
    )
    assert rows(con, "SELECT count(*) FROM reac") == [(0,)]
    assert rows(con, "SELECT line_no, raw_text FROM quarantine") == [(2, "301$30$Head$ache$")]


def test_the_known_legacy_repair_applies_when_the_last_value_is_empty(con, tmp_path):
    damaged = legacy_demo_row("8129732", "8401177", "JP-CUBIST-$E2B0000000182", "")
    result = land(
        con,
        tmp_path,
        "aers_ascii_2012q1.zip",
        {"ascii/DEMO12Q1.TXT": lines(LEGACY_DEMO_B, damaged)},
    )
    assert rows(con, "SELECT mfr_num, mfr_sndr, confid, reporter_country FROM demo") == [
        ("JP-CUBIST-$E2B0000000182", "CUBIST", "N", None)
    ]
    assert (read_of(result, "demo").rows_repaired, result.quarantined) == (1, 0)


def test_a_legacy_line_with_two_trailing_empty_fields_is_quarantined(con, tmp_path):
    land(
        con,
        tmp_path,
        "aers_ascii_2008q1.zip",
        {"ascii/REAC08Q1.TXT": lines(LEGACY_REAC, "6000001$NAUSEA$", "6000002$RASH$$")},
    )
    assert rows(con, "SELECT line_no, pt FROM reac") == [(2, "NAUSEA")]
    assert rows(con, "SELECT line_no, raw_text FROM quarantine") == [(3, "6000002$RASH$$")]


def test_a_faers_line_with_a_trailing_dollar_is_quarantined_as_ambiguous(con, tmp_path):
    """FAERS rows have exactly the header's fields; one more, empty, may hide a shifted value."""
    land(
        con,
        tmp_path,
        "faers_ascii_2030Q1.zip",
        {"ASCII/OUTC30Q1.txt": lines(FAERS_OUTC, "301$30$HO", "302$30$DE$")},
    )
    assert rows(con, "SELECT line_no, outc_cod FROM outc") == [(2, "HO")]
    assert rows(con, "SELECT line_no FROM quarantine") == [(3,)]


def test_a_file_whose_header_names_no_report_id_is_quarantined_line_by_line(con, tmp_path):
    result = land(
        con,
        tmp_path,
        "faers_ascii_2030Q1.zip",
        {"ASCII/OUTC30Q1.txt": lines("301$30$HO", "302$30$DE", "303$30$OT")},
    )
    assert rows(con, "SELECT count(*) FROM outc") == [(0,)]
    assert rows(con, "SELECT line_no, raw_text FROM quarantine ORDER BY 1") == [
        (2, "302$30$DE"),
        (3, "303$30$OT"),
    ]
    read = read_of(result, "outc")
    assert (read.header, read.lines_read, read.rows_quarantined) == ("301$30$HO", 2, 2)
