"""main.source_reconciliation: openFDA's main.reports (built by the real clean model from
hand-built records) against the files' faers_files.cases (built from hand-built landing
rows), one case per status and per reason.

The scenario's data dates: openFDA's latest data is 2021-09-30 (source_last_updated of its
one fetch); the newest quarter loaded from the files is 2021Q4, so the files' is 2021-12-31.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.support.clean_records import drug, report
from tests.support.faers_files_landing import Landing
from tests.support.faers_files_tables import Tables, build_tables, openfda_build

NOT_TARGET = "not a ketamine/esketamine case in the other source"
RECEIVED_AFTER = "received after the other source's data date"


def files_case(landing: Landing, quarter: str, caseid: str, version: str | None,
               name: str = "SPRAVATO", **demo: str) -> None:  # fmt: skip
    primaryid = caseid + (version or "")
    landing.demo(quarter, primaryid=primaryid, caseid=caseid, caseversion=version, **demo)
    landing.add("drug", quarter, primaryid=primaryid, caseid=caseid, drug_seq="1",
                role_cod="PS", drugname=name)  # fmt: skip


def legacy_case(landing: Landing, isr: str, case: str, name: str = "KETAMINE") -> None:
    landing.demo("2008Q1", primaryid=isr, caseid=case, fda_dt="20080115")
    landing.add("drug", "2008Q1", primaryid=isr, drug_seq="1004492716", role_cod="PS",
                drugname=name)  # fmt: skip


def openfda(safetyreportid: str, version: str = "1", name: str = "SPRAVATO",
            receivedate: str = "20210215") -> dict[str, Any]:  # fmt: skip
    return report(
        safetyreportid=safetyreportid,
        safetyreportversion=version,
        receivedate=receivedate,
        patient={"drug": [drug(name)]},
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Tables:
    landing = Landing(tmp_path_factory.mktemp("reconciliation"))
    files_case(landing, "2021Q1", "10000001", "3")  # both, same version
    files_case(landing, "2021Q1", "10000002", "4")  # both, files newer
    files_case(landing, "2021Q1", "10000003", "1")  # both, openFDA newer
    files_case(landing, "2021Q1", "10000004", "1", name="KETALAR")  # deleted by FDA
    landing.add("deleted", "2021Q2", caseid="10000004")
    files_case(landing, "2021Q1", "10000005", "1", name="ASPIRIN")  # not a target in files
    files_case(landing, "2021Q4", "10000008", "1", name="KETALAR", init_fda_dt="20211115")
    files_case(landing, "2021Q4", "10000009", "1", init_fda_dt="20211115")
    files_case(landing, "2021Q1", "10000010", "1", init_fda_dt="20210115")
    legacy_case(landing, "5801206", "5544332")  # openFDA '5801206-7'
    legacy_case(landing, "5801207", "10000011")  # openFDA '5801207-3' and '10000011'
    con = openfda_build(
        openfda("10000001", "3"),
        openfda("10000002", "2"),
        openfda("10000003", "5"),
        openfda("10000004"),
        openfda("10000005"),
        openfda("10000006", receivedate="20220115"),
        openfda("10000007"),
        openfda("10000008", name="ASPIRIN"),
        openfda("5801206-7"),
        openfda("4999999-1"),
        openfda("10000011"),
        openfda("5801207-3", name="KETALAR"),
        last_updated="2021-09-30",
    )
    return build_tables(landing, build=con)


def row(built: Tables, caseid: int | None, *columns: str) -> tuple[Any, ...]:
    where = "caseid = ?" if caseid is not None else "caseid is null"
    rows = built.rows(
        f"select {', '.join(columns)} from main.source_reconciliation where {where}",  # noqa: S608
        [caseid] if caseid is not None else [],
    )
    assert len(rows) == 1, rows
    return rows[0]


def test_a_case_in_both_sources_at_the_same_version_has_no_reason(built):
    assert row(built, 10000001, "in_openfda", "in_files", "status", "reason") == (
        True, True, "both", None,
    )  # fmt: skip


def test_a_newer_version_in_files(built):
    assert row(built, 10000002, "status", "reason", "openfda_version", "files_version") == (
        "both", "newer version in files", 2, 4,
    )  # fmt: skip


def test_a_newer_version_in_openfda(built):
    assert row(built, 10000003, "status", "reason", "openfda_version", "files_version") == (
        "both", "newer version in openFDA", 5, 1,
    )  # fmt: skip


def test_an_openfda_case_fda_deleted_from_the_files(built):
    assert row(built, 10000004, "status", "reason", "files_products") == (
        "openfda only", "deleted by FDA", None,
    )  # fmt: skip


def test_an_openfda_case_whose_files_version_names_no_target_medicine(built):
    assert row(built, 10000005, "status", "reason", "openfda_products", "files_version") == (
        "openfda only", NOT_TARGET, "esketamine", 1,
    )  # fmt: skip


def test_an_openfda_case_received_after_the_newest_files_quarter(built):
    assert row(built, 10000006, "status", "reason", "openfda_receive_date", "files_data_date") == (
        "openfda only", RECEIVED_AFTER, dt.date(2022, 1, 15), dt.date(2021, 12, 31),
    )  # fmt: skip


def test_an_openfda_case_missing_from_the_files_for_no_known_reason(built):
    assert row(built, 10000007, "status", "reason") == ("openfda only", None)


def test_a_files_case_that_names_no_target_medicine_in_openfda(built):
    assert row(built, 10000008, "status", "reason", "openfda_version", "files_products") == (
        "files only", NOT_TARGET, 1, "ketamine",
    )  # fmt: skip


def test_a_files_case_received_after_openfdas_data_date(built):
    assert row(
        built, 10000009, "status", "reason", "files_initial_receipt_date", "openfda_data_date"
    ) == ("files only", RECEIVED_AFTER, dt.date(2021, 11, 15), dt.date(2021, 9, 30))


def test_a_files_case_missing_from_openfda_for_no_known_reason(built):
    assert row(built, 10000010, "status", "reason", "in_openfda") == ("files only", None, False)


def test_a_legacy_openfda_id_is_matched_through_the_isr(built):
    assert row(built, 5544332, "openfda_ids", "status", "files_version", "files_products") == (
        ["5801206-7"], "both", None, "ketamine",
    )  # fmt: skip


def test_a_legacy_openfda_id_the_files_do_not_hold_has_no_caseid(built):
    assert row(built, None, "openfda_ids", "status", "in_files") == (
        ["4999999-1"], "openfda only", False,
    )  # fmt: skip


def test_two_openfda_ids_of_one_case_are_one_row(built):
    assert row(built, 10000011, "openfda_ids", "openfda_products", "status") == (
        ["10000011", "5801207-3"], "ketamine+esketamine", "both",
    )  # fmt: skip


def test_one_row_per_case_and_the_result_counts_statuses(built):
    assert (
        built.one(
            "select count(*) - count(distinct coalesce(caseid::varchar, openfda_ids::varchar))"
            " from main.source_reconciliation"
        )
        == 0
    )
    assert built.result.source_reconciliation == {
        "both": 5, "files only": 3, "openfda only": 5,
    }  # fmt: skip


def test_every_column_of_source_reconciliation_has_a_comment(built):
    assert built.one(
        "select comment from duckdb_tables() where table_name = 'source_reconciliation'"
    )
    assert (
        built.rows(
            "select column_name from duckdb_columns() where table_name = 'source_reconciliation'"
            " and (comment is null or comment = '')"
        )
        == []
    )


def test_without_openfda_tables_every_files_case_is_files_only_as_openfda_not_fetched(tmp_path):
    """A files-only build (no main.reports, main.quarantine, main.source_fetches) still
    reconciles: openFDA's side is empty, and each files case says why it is alone."""
    landing = Landing(tmp_path)
    files_case(landing, "2021Q1", "10000001", "1")
    files_case(landing, "2021Q1", "10000002", "2", name="KETALAR")
    tables = build_tables(landing)
    assert tables.result.source_reconciliation == {"files only": 2}
    assert tables.rows(
        "select caseid, in_openfda, in_files, status, reason, openfda_ids, openfda_version,"
        " files_version, openfda_data_date from main.source_reconciliation order by caseid"
    ) == [
        (10000001, False, True, "files only", "openFDA not fetched", None, None, 1, None),
        (10000002, False, True, "files only", "openFDA not fetched", None, None, 2, None),
    ]
