"""Small, explicit raw records for the clean-model tests, and a one-call build.

``report(...)`` returns a minimal valid openFDA drug/event record (every scalar a string, as
openFDA sends them) naming SPRAVATO; keyword arguments replace top-level fields and
``patient=`` replaces patient fields. ``build(...)`` lands records in an in-memory
``raw.raw_records`` exactly as the raw asset does and runs the clean model on them.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

import duckdb

from ketamine_faers.clean_model import CleanFunnel, build_clean_tables
from ketamine_faers.sql_files import run_sql

BASE: dict[str, Any] = {
    "safetyreportid": "10000001",
    "safetyreportversion": "1",
    "receivedate": "20210215",
    "receivedateformat": "102",
    "receiptdate": "20210301",
    "receiptdateformat": "102",
    "serious": "1",
    "seriousnesshospitalization": "1",
    "occurcountry": "US",
    "primarysourcecountry": "US",
    "primarysource": {"qualification": "1", "reportercountry": "US"},
    "sender": {"sendertype": "2", "senderorganization": "FDA-Public Use"},
    "reporttype": "1",
    "companynumb": "US-JANSSEN-2021-0001",
    "patient": {
        "patientonsetage": "30",
        "patientonsetageunit": "801",
        "patientsex": "2",
        "drug": [
            {
                "medicinalproduct": "SPRAVATO",
                "drugcharacterization": "1",
                "drugadministrationroute": "045",
            }
        ],
        "reaction": [{"reactionmeddrapt": "Dissociation", "reactionoutcome": "1"}],
    },
}


def report(patient: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """A valid record; ``fields`` replace top-level keys, ``patient`` replaces patient keys.
    A value of ``None`` passed as ``...=DROP`` removes the key."""
    record = copy.deepcopy(BASE)
    for key, value in fields.items():
        if value is DROP:
            record.pop(key, None)
        else:
            record[key] = value
    for key, value in (patient or {}).items():
        if value is DROP:
            record["patient"].pop(key, None)
        else:
            record["patient"][key] = value
    return record


class _Drop:
    def __repr__(self) -> str:
        return "DROP"


DROP: Any = _Drop()


def drug(name: str, role: str = "1", **fields: Any) -> dict[str, Any]:
    return {"medicinalproduct": name, "drugcharacterization": role, **fields}


@dataclass
class Built:
    con: duckdb.DuckDBPyConnection
    funnel: CleanFunnel

    def one(self, sql: str, params: Any = None) -> Any:
        row = self.con.execute(sql, params).fetchone()
        assert row is not None, f"no row for {sql}"
        return row[0] if len(row) == 1 else row

    def rows(self, sql: str, params: Any = None) -> list[tuple]:
        return self.con.execute(sql, params).fetchall()

    def report(self, safetyreportid: str = "10000001") -> dict[str, Any]:
        cur = self.con.execute(
            "select * from main.reports where safetyreportid = ?", [safetyreportid]
        )
        row = cur.fetchone()
        assert row is not None, f"report {safetyreportid} not cleaned"
        return dict(zip([d[0] for d in cur.description], row, strict=True))


def raw_connection() -> duckdb.DuckDBPyConnection:
    """An in-memory build database with an in-memory raw database attached as ``raw``."""
    con = duckdb.connect()
    con.execute("attach ':memory:' as raw")
    con.execute("use raw")
    run_sql(con, "operations/raw_landing/create_raw_records.sql")
    con.execute("use memory")
    return con


def land(
    con: duckdb.DuckDBPyConnection,
    records: list[Any],
    quarter: str = "2021Q1",
    fetched_at: str = "2024-06-01 00:00:00",
    first_seq: int = 1,
) -> None:
    """Insert records (dicts, lists, or raw JSON text) into raw.raw_records for a quarter."""
    rows = []
    for seq, rec in enumerate(records, start=first_seq):
        text = rec if isinstance(rec, str) else json.dumps(rec)
        sid = rec.get("safetyreportid") if isinstance(rec, dict) else None
        rows.append((quarter, seq, sid if isinstance(sid, str) else None, text, fetched_at))
    con.executemany(
        "insert into raw.raw_records values (?, ?, ?, ?::json, ?::timestamp, date '2024-05-28')",
        rows,
    )


def build(*records: Any, quarter: str = "2021Q1") -> Built:
    """Land ``records`` in one quarter and build the clean model."""
    con = raw_connection()
    land(con, list(records), quarter=quarter)
    return Built(con, build_clean_tables(con))
