"""Two case sets compared row for row: every table of main and of the private state, EXCEPT
ALL both ways, so duplicates count and row order does not.

    assert differences(incremental, rebuilt) == {}
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import duckdb

from ketamine_faers.case_set_state import STATE_SCHEMA
from ketamine_faers.files_model import CASE_SET_TABLES

#: The state tables that must equal a full build's (increment.quarters names when each
#: quarter was landed, which two landings of the same rows need not share).
STATE_TABLES = ("versions", "deleted_listings", "quarter_rows", "case_keys", "match_keys")


def differences(left: Path, right: Path, skip: Collection[str] = ()) -> dict[str, tuple[int, int]]:
    """table -> (rows only in ``left``, rows only in ``right``), for each table but ``skip``
    (``"main.cases"``) that differs; (-1, -1) when its columns differ in name, type or
    order."""
    found: dict[str, tuple[int, int]] = {}
    with duckdb.connect() as con:
        con.execute("attach ? as left_set (read_only)", [str(left)])
        con.execute("attach ? as right_set (read_only)", [str(right)])
        tables = [f"main.{t}" for t in CASE_SET_TABLES]
        tables += [f"{STATE_SCHEMA}.{t}" for t in STATE_TABLES]
        for table in (t for t in tables if t not in skip):
            columns = (
                "select column_name, data_type from duckdb_columns() where database_name = ? "
                "and schema_name || '.' || table_name = ? order by column_index"
            )
            if (
                con.execute(columns, ["left_set", table]).fetchall()
                != con.execute(columns, ["right_set", table]).fetchall()
            ):
                found[table] = (-1, -1)
                continue
            only = [
                con.execute(
                    f"select count(*) from (from {a}.{table} except all from {b}.{table})"  # noqa: S608
                ).fetchone()[0]
                for a, b in (("left_set", "right_set"), ("right_set", "left_set"))
            ]
            if any(only):
                found[table] = (only[0], only[1])
    return found
