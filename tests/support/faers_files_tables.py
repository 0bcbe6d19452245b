"""The files source's analyst tables built in a test: landing rows (tests/support/
faers_files_landing.py) -> :func:`build_case_set` -> :func:`build_files_tables`, into a real
build database file beside the landing; and an openFDA build (the real clean model on raw
records from tests/support/clean_records.py) for the reconciliation of the two sources.

    landing = Landing(tmp_path)
    landing.demo("2017Q2", primaryid="1001", caseid="100", caseversion="1")
    landing.add("drug", "2017Q2", primaryid="1001", caseid="100", drug_seq="1",
                role_cod="SS", drugname="SPRAVATO")
    tables = build_tables(landing)
    tables.rows("select caseid, products from faers_files.cases")
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from ketamine_faers.clean_model import build_clean_tables
from ketamine_faers.files_tables import FilesTablesResult, build_files_tables
from tests.support.clean_records import land, raw_connection
from tests.support.faers_files_landing import Built, Landing


@dataclass
class Tables:
    """A build database holding schema faers_files (and maybe main's openFDA tables)."""

    con: duckdb.DuckDBPyConnection
    result: FilesTablesResult
    case_set: Built

    def rows(self, query: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        return self.con.execute(query, params or []).fetchall()

    def one(self, query: str, params: list[Any] | None = None) -> Any:
        rows = self.rows(query, params)
        assert len(rows) == 1 and len(rows[0]) == 1, rows
        return rows[0][0]


def build_tables(
    landing: Landing,
    manifest: Path | None = None,
    build: duckdb.DuckDBPyConnection | None = None,
) -> Tables:
    """Build the case set from ``landing``, then the analyst tables into ``build`` (an open
    build connection, e.g. an openFDA build) or into ``build.duckdb`` beside the landing."""
    case_set = landing.build()
    con = build or duckdb.connect(str(landing.folder / "build.duckdb"))
    result = build_files_tables(con, case_set.path, landing.path, manifest)
    return Tables(con, result, case_set)


def openfda_build(*records: Any, last_updated: str = "2021-09-30") -> duckdb.DuckDBPyConnection:
    """An in-memory build holding openFDA's main tables, cleaned by the real clean model from
    ``records``, each landed in the quarter of its receivedate (as openFDA's search returns
    it; the clean layer quarantines a record outside its fetched quarter), with one fetch per
    quarter whose openFDA data date is ``last_updated``."""
    con = raw_connection()
    by_quarter: dict[str, list[Any]] = {}
    for record in records:
        received = str(record.get("receivedate", "20210115"))
        quarter = f"{received[:4]}Q{(int(received[4:6]) - 1) // 3 + 1}"
        by_quarter.setdefault(quarter, []).append(record)
    for quarter, landed in sorted(by_quarter.items()):
        land(con, landed, quarter=quarter)
        con.execute(
            "insert into raw.raw_fetches values (?, timestamp '2024-06-01 00:00:00', ?, ?, "
            "1, 0, 'https://api.fda.gov', ?::date, false)",
            [quarter, len(landed), len(landed), last_updated],
        )
    build_clean_tables(con)
    return con
