"""The files source's analyst tables (schema faers_files of the build) and their Parquet
copies, built from landing rows -> build_case_set -> build_files_tables into real DuckDB
files."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from ketamine_faers.files_parquet import export_parquet
from ketamine_faers.files_tables import FILES_TABLES, build_files_tables
from ketamine_faers.sources.faers_files.manifest import ManifestEntry, write_manifest
from tests.support.faers_files_landing import Landing
from tests.support.faers_files_tables import Tables, build_tables


def drug(landing: Landing, quarter: str, primaryid: str, caseid: str | None, seq: str,
         role: str, name: str, **fields: str) -> None:  # fmt: skip
    landing.add("drug", quarter, primaryid=primaryid, caseid=caseid, drug_seq=seq,
                role_cod=role, drugname=name, **fields)  # fmt: skip


def spravato_case(landing: Landing) -> None:
    """Case 100 (2017Q2): ASPIRIN as PS, SPRAVATO as SS, one reaction, hospitalised."""
    landing.demo("2017Q2", primaryid="1001", caseid="100", caseversion="1", sex="F",
                 age="4", age_cod="DEC", wt="150", wt_cod="LBS", event_dt="201703",
                 init_fda_dt="20170401", fda_dt="20170410", occp_cod="MD", rept_cod="EXP",
                 reporter_country="US", mfr_num="US-JNJ-1", mfr_sndr="JANSSEN")  # fmt: skip
    drug(landing, "2017Q2", "1001", "100", "1", "PS", "ASPIRIN")
    drug(landing, "2017Q2", "1001", "100", "2", "SS", "SPRAVATO", dose_amt="56",
         dose_unit="mg", dechal="Y", rechal="U", route="Nasal")  # fmt: skip
    landing.add("reac", "2017Q2", primaryid="1001", caseid="100", pt="Dissociation")
    landing.add("outc", "2017Q2", primaryid="1001", caseid="100", outc_cod="HO")


def other_drugs_case(landing: Landing) -> None:
    """Case 200 (2018Q1): only ASPIRIN."""
    landing.demo("2018Q1", primaryid="2001", caseid="200", caseversion="1")
    drug(landing, "2018Q1", "2001", "200", "1", "PS", "ASPIRIN")
    landing.add("reac", "2018Q1", primaryid="2001", caseid="200", pt="Nausea")


def records(cursor: duckdb.DuckDBPyConnection, columns: list[str]) -> list[dict[str, object]]:
    """The rows of an executed query as dicts of the given columns."""
    names = [d[0] for d in cursor.description or []]
    return [
        {c: dict(zip(names, row, strict=True))[c] for c in columns} for row in cursor.fetchall()
    ]


@pytest.fixture
def landing(tmp_path) -> Landing:
    return Landing(tmp_path)


def test_a_case_naming_spravato_as_secondary_suspect_is_an_esketamine_case(landing):
    spravato_case(landing)
    tables = build_tables(landing)
    assert tables.rows(
        "select caseid, products, esketamine_roles, ketamine_roles, is_primary_suspect_esketamine,"
        " suspect_products from faers_files.cases"
    ) == [(100, "esketamine", ["secondary suspect"], None, False, "esketamine")]


def test_a_case_naming_only_other_drugs_is_not_a_case(landing):
    spravato_case(landing)
    other_drugs_case(landing)
    tables = build_tables(landing)
    assert tables.rows("select caseid from faers_files.cases") == [(100,)]
    assert tables.one("select count(*) from faers_files.drugs where caseid = 200") == 0


def test_a_case_naming_both_products_keeps_them_apart(landing):
    landing.demo("2019Q1", primaryid="3001", caseid="300", caseversion="1")
    drug(landing, "2019Q1", "3001", "300", "1", "PS", "KETALAR")
    drug(landing, "2019Q1", "3001", "300", "2", "C", "ESKETAMINE HYDROCHLORIDE")
    tables = build_tables(landing)
    assert tables.rows(
        "select products, ketamine_roles, esketamine_roles, is_primary_suspect_ketamine,"
        " is_primary_suspect_esketamine, suspect_products from faers_files.cases"
    ) == [("ketamine+esketamine", ["primary suspect"], ["concomitant"], True, False, "ketamine")]


def test_the_case_fields_are_normalised_and_labelled(landing):
    spravato_case(landing)
    tables = build_tables(landing)
    assert tables.rows(
        "select caseversion, primaryid, era, quarter, initial_receipt_date, receipt_date,"
        " event_date, event_date_precision, age_years, age_group, sex, weight_kg,"
        " reporter_country_code, reporter_occupation, report_type, manufacturer_case_number,"
        " manufacturer_sender from faers_files.cases"
    ) == [
        (1, 1001, "faers", "2017Q2", dt.date(2017, 4, 1), dt.date(2017, 4, 10),
         dt.date(2017, 3, 1), "month", 40.0, "adult", "female", 68.04, "US", "physician",
         "expedited (15-day)", "US-JNJ-1", "JANSSEN")
    ]  # fmt: skip


def test_outcome_flags_come_from_the_outc_rows(landing):
    spravato_case(landing)
    landing.add("outc", "2017Q2", primaryid="1001", caseid="100", outc_cod="DE")
    tables = build_tables(landing)
    assert tables.rows(
        "select death, life_threatening, hospitalization, disability, congenital_anomaly,"
        " required_intervention, other_serious from faers_files.cases"
    ) == [(True, False, True, False, False, False, False)]
    assert tables.rows("select outcome from faers_files.outcomes order by 1") == [
        ("death",),
        ("hospitalization",),
    ]


def test_drugs_hold_every_drug_of_the_case_with_its_role_dose_and_challenge(landing):
    spravato_case(landing)
    tables = build_tables(landing)
    assert tables.rows(
        "select caseid, quarter, drug_seq, role, drugname, product, route, dose_amount,"
        " dose_unit, dechallenge, rechallenge from faers_files.drugs order by drug_seq"
    ) == [
        (100, "2017Q2", 1, "primary suspect", "ASPIRIN", None, None, None, None, None, None),
        (100, "2017Q2", 2, "secondary suspect", "SPRAVATO", "esketamine", "Nasal", 56.0, "MG",
         "positive", "unknown"),
    ]  # fmt: skip


def test_legacy_upper_case_terms_take_meddras_case(landing):
    landing.demo("2008Q1", primaryid="5801206", caseid="5544332", fda_dt="20080115")
    drug(landing, "2008Q1", "5801206", None, "1004492716", "PS", "KETAMINE")
    for term in ("DISSOCIATION", "COVID-19 PNEUMONIA"):
        landing.add("reac", "2008Q1", primaryid="5801206", pt=term)
    tables = build_tables(landing)
    assert tables.rows("select caseid, term, term_raw from faers_files.reactions order by 2") == [
        (5544332, "COVID-19 pneumonia", "COVID-19 PNEUMONIA"),
        (5544332, "Dissociation", "DISSOCIATION"),
    ]


def test_therapies_keep_date_precision_and_duration_unit(landing):
    spravato_case(landing)
    landing.add("ther", "2017Q2", primaryid="1001", caseid="100", drug_seq="2",
                start_dt="2016", end_dt="20170215", dur="6", dur_cod="WK")  # fmt: skip
    landing.add("indi", "2017Q2", primaryid="1001", caseid="100", drug_seq="2",
                indi_pt="Depression")  # fmt: skip
    tables = build_tables(landing)
    assert tables.rows(
        "select drug_seq, start_date, start_date_precision, end_date, end_date_precision,"
        " duration, duration_unit from faers_files.therapies"
    ) == [(2, dt.date(2016, 1, 1), "year", dt.date(2017, 2, 15), "day", 6.0, "week")]
    assert tables.rows("select drug_seq, indication from faers_files.indications") == [
        (2, "Depression")
    ]


def test_deleted_cases_say_which_lists_named_them_and_whether_a_target_case(landing):
    landing.demo("2008Q1", primaryid="5801206", caseid="5544332")
    drug(landing, "2008Q1", "5801206", None, "1004492716", "PS", "KETAMINE")
    other_drugs_case(landing)
    landing.add("deleted", "2019Q2", caseid="5544332")
    landing.add("deleted", "2020Q1", caseid="5544332")
    landing.add("deleted", "2020Q1", caseid="200")
    tables = build_tables(landing)
    assert tables.rows(
        "select caseid, listed_in, products, is_target_case from faers_files.deleted_cases"
    ) == [(200, ["2020Q1"], None, False), (5544332, ["2019Q2", "2020Q1"], "ketamine", True)]
    assert tables.one("select count(*) from faers_files.cases") == 0


def test_quarantine_keeps_the_unreadable_lines(landing):
    spravato_case(landing)
    landing.add("quarantine", "2017Q2", table_name="drug", reason="too many fields",
                raw_text="1001$100$3$PS$X$$$", line_no=17)  # fmt: skip
    tables = build_tables(landing)
    assert tables.rows(
        "select quarter, file_name, line_no, table_name, reason, raw_text"
        " from faers_files.quarantine"
    ) == [
        ("2017Q2", "ascii/QUARANTINE17Q2.txt", 17, "drug", "too many fields",
         "1001$100$3$PS$X$$$")
    ]  # fmt: skip


def test_quarters_carry_the_downloads_manifest(landing, tmp_path):
    spravato_case(landing)
    other_drugs_case(landing)
    manifest = tmp_path / "downloads.json"
    write_manifest(manifest, {"2017Q2": ManifestEntry(
        quarter="2017Q2", url="https://fis.fda.gov/content/Exports/faers_ascii_2017q2.zip",
        file_name="faers_ascii_2017q2.zip", shown_size="61.5MB", bytes=64487213,
        sha256="a" * 64, downloaded_at="2024-05-01T10:00:00+02:00",
    )})  # fmt: skip
    tables = build_tables(landing, manifest)
    assert tables.rows(
        "select quarter, source_url, bytes, sha256, downloaded_at from faers_files.quarters"
    ) == [
        ("2017Q2", "https://fis.fda.gov/content/Exports/faers_ascii_2017q2.zip", 64487213,
         "a" * 64, dt.datetime(2024, 5, 1, 8, 0)),
        ("2018Q1", None, None, None, None),
    ]  # fmt: skip


def test_quarters_without_a_manifest_have_null_download_columns(landing):
    spravato_case(landing)
    tables = build_tables(landing, landing.folder / "no-such-downloads.json")
    assert tables.rows(
        "select source_url, file_name, shown_size, bytes, sha256, downloaded_at"
        " from faers_files.quarters"
    ) == [(None, None, None, None, None, None)]


def test_the_quarters_funnel_equals_the_case_sets_funnel(landing):
    spravato_case(landing)
    other_drugs_case(landing)
    spravato_case(landing)  # an exact duplicate of every row
    landing.demo("2018Q1", primaryid="x", caseid="not a number")
    landing.add("deleted", "2018Q1", caseid="999")
    landing.add("quarantine", "2018Q1", table_name="reac", reason="too few fields", raw_text="1")
    tables = build_tables(landing)
    columns = [
        "quarter", "rows_read_demo", "rows_read_drug", "rows_read_reac", "rows_read_outc",
        "rows_read_rpsr", "rows_read_ther", "rows_read_indi", "rows_quarantined",
        "exact_duplicate_rows", "versions_read", "versions_superseded", "republished_copies",
        "deleted_ids_listed", "deleted_removed", "versions_without_caseid", "cases_kept",
        "reconciles",
    ]  # fmt: skip
    with duckdb.connect(str(tables.case_set.path), read_only=True) as con:
        funnel = records(con.execute("select * from funnel order by quarter"), columns)
    quarters = records(
        tables.con.execute("select * from faers_files.quarters order by quarter"), columns
    )
    assert quarters == funnel
    assert [row["quarter"] for row in funnel] == ["2017Q2", "2018Q1"]
    assert tables.rows("select quarter, target_cases_kept from faers_files.quarters") == [
        ("2017Q2", 1),
        ("2018Q1", 0),
    ]


def test_every_column_of_every_faers_files_table_has_a_comment(landing):
    spravato_case(landing)
    tables = build_tables(landing)
    described = tables.rows(
        "select table_name, comment from duckdb_tables() where schema_name = 'faers_files'"
    )
    assert sorted(name for name, _ in described) == sorted(FILES_TABLES)
    assert [name for name, comment in described if not comment] == []
    assert (
        tables.rows(
            "select table_name, column_name from duckdb_columns()"
            " where schema_name = 'faers_files' and (comment is null or comment = '')"
        )
        == []
    )


def test_the_result_counts_the_rows_of_every_table(landing):
    spravato_case(landing)
    tables = build_tables(landing)
    assert tables.result.tables == {
        "cases": 1, "drugs": 2, "reactions": 1, "outcomes": 1, "therapies": 0,
        "indications": 0, "report_sources": 0, "deleted_cases": 0, "quarantine": 0,
        "quarters": 1,
    }  # fmt: skip
    assert tables.result.source_reconciliation == {"files only": 1}


def test_the_catalogs_are_detached_after_the_build(landing):
    spravato_case(landing)
    tables = build_tables(landing)
    names = {row[0] for row in tables.rows("select database_name from duckdb_databases()")}
    assert not names & {"case_set", "landing", "staging"}


def test_a_failed_build_leaves_the_previous_tables(landing):
    spravato_case(landing)
    tables = build_tables(landing)
    with duckdb.connect(str(tables.case_set.path)) as con:
        con.execute("drop table funnel")  # faers_files.quarters cannot be built
    with pytest.raises(duckdb.CatalogException):
        build_files_tables(tables.con, tables.case_set.path, landing.path)
    assert tables.one("select count(*) from faers_files.cases") == 1
    assert tables.one("select count(*) from faers_files.quarters") == 1


def test_the_build_gives_the_connection_its_memory_limit_back(landing):
    spravato_case(landing)
    tables = build_tables(landing)
    tables.con.execute("set memory_limit = '3GiB'")
    build_files_tables(tables.con, tables.case_set.path, landing.path)
    assert tables.one("select current_setting('memory_limit')") == "3.0 GiB"
    with duckdb.connect(str(tables.case_set.path)) as con:
        con.execute("drop table funnel")
    with pytest.raises(duckdb.CatalogException):
        build_files_tables(tables.con, tables.case_set.path, landing.path)
    assert tables.one("select current_setting('memory_limit')") == "3.0 GiB"


def exported(tables: Tables, tmp_path):
    tables.con.close()
    build_db = tmp_path / "build.duckdb"
    return build_db, export_parquet(build_db, tmp_path / "parquet")


def test_parquet_reads_back_with_identical_row_counts(landing, tmp_path):
    spravato_case(landing)
    other_drugs_case(landing)
    landing.add("deleted", "2018Q1", caseid="999")
    build_db, written = exported(build_tables(landing), tmp_path)
    with duckdb.connect(str(build_db), read_only=True) as con:
        for table in FILES_TABLES:
            files = str(tmp_path / "parquet" / table / "**" / "*.parquet")
            read = con.execute(
                "select count(*) from read_parquet(?, hive_partitioning = true)", [files]
            ).fetchone()
            expected = con.execute(
                "select count(*) from query_table(?)", [f"faers_files.{table}"]
            ).fetchone()
            assert read == expected, table
            assert written[table] == expected[0], table  # type: ignore[index]


def test_parquet_is_partitioned_by_the_quarter_of_the_case(landing, tmp_path):
    spravato_case(landing)
    other_drugs_case(landing)
    landing.add("deleted", "2018Q1", caseid="999")
    exported(build_tables(landing), tmp_path)
    out = tmp_path / "parquet"
    assert sorted(p.name for p in (out / "drugs").iterdir()) == ["quarter=2017Q2"]
    assert sorted(p.name for p in (out / "quarters").iterdir()) == [
        "quarter=2017Q2",
        "quarter=2018Q1",
    ]
    assert sorted(p.name for p in (out / "deleted_cases").iterdir()) == ["data.parquet"]
    rows = (
        duckdb.connect()
        .execute(
            "select quarter, drugname from read_parquet(?, hive_partitioning = true)"
            " order by drugname",
            [str(out / "drugs" / "**" / "*.parquet")],
        )
        .fetchall()
    )
    assert rows == [("2017Q2", "ASPIRIN"), ("2017Q2", "SPRAVATO")]


def test_parquet_export_replaces_the_previous_one_whole(landing, tmp_path):
    spravato_case(landing)
    build_db, _ = exported(build_tables(landing), tmp_path)
    stale = tmp_path / "parquet" / "stale.txt"
    stale.write_text("from an older export")
    export_parquet(build_db, tmp_path / "parquet")
    assert not stale.exists()
    assert sorted(p.name for p in (tmp_path / "parquet").iterdir()) == sorted(FILES_TABLES)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".parquet")] == []
