"""The reader's writes into the temporary staging tables (``files_stage_<table>``).

Rows built in Python (repaired lines, quarantine, deleted ids, file facts) go in as one Arrow
table per batch, never one statement per row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import duckdb
import pyarrow as pa

from ketamine_faers.sql_files import read_sql, run_sql

STAGED_TABLES = (
    "demo",
    "drug",
    "reac",
    "outc",
    "rpsr",
    "ther",
    "indi",
    "deleted",
    "quarantine",
    "file_reads",
)


def stage_table(table: str) -> str:
    if table not in STAGED_TABLES:
        raise ValueError(f"not a landing table: {table!r}")
    return f"files_stage_{table}"


def read_table(table: str) -> str:
    """The temporary table DuckDB's '$' read of ``table``'s file goes to."""
    if table not in STAGED_TABLES[:7]:
        raise ValueError(f"not an FDA table: {table!r}")
    return f"files_read_{table}"


def create_stage_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The landing tables and their empty staging copies. They are made once per connection:
    a landed quarter leaves them empty (:func:`empty_stage_tables`), a failed one drops them
    (:func:`drop_stage_tables`), so tables that exist are empty."""
    query = read_sql("operations/files_landing/select_stage_tables.sql")
    ((landing, staged),) = con.execute(query).fetchall()
    if landing == len(STAGED_TABLES) + 1 and staged == len(STAGED_TABLES):  # + landed_zips
        return
    run_sql(con, "operations/files_landing/create_landing_tables.sql")
    run_sql(con, "operations/files_landing/create_stage_tables.sql")


def staged_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The landing tables whose staging copies hold rows."""
    query = read_sql("operations/files_landing/select_staged_tables.sql")
    return [table for table, staged in con.execute(query).fetchall() if staged]


def empty_stage_tables(con: duckdb.DuckDBPyConnection, tables: Sequence[str]) -> None:
    """After a landed quarter: the staging copies of ``tables`` (those that held rows)
    emptied for the connection's next quarter, the tables of the reads dropped."""
    for table in tables:
        run_sql(
            con,
            "operations/files_landing/empty_stage_table.sql",
            identifiers={"stage_table": stage_table(table)},
        )
    run_sql(con, "operations/files_landing/drop_read_tables.sql")


def drop_stage_tables(con: duckdb.DuckDBPyConnection) -> None:
    """After a failed quarter: every temporary table of the landing dropped."""
    run_sql(con, "operations/files_landing/drop_stage_tables.sql")


def stage_frame(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: Mapping[str, Sequence[Any]],
    types: Mapping[str, pa.DataType],
    *,
    quarter: str,
    era: str,
) -> None:
    """Append Python-built rows (column name -> values) to ``table``'s staging copy."""
    lengths = {len(values) for values in columns.values()}
    if lengths == {0}:
        return
    frame = pa.table(
        {
            name: pa.array(list(values), type=types.get(name, pa.string()))
            for name, values in columns.items()
        }
    )
    con.register("files_frame", frame)
    try:
        run_sql(
            con,
            "operations/files_landing/stage_frame_rows.sql",
            {"quarter": quarter, "era": era},
            identifiers={"stage_table": stage_table(table)},
        )
    finally:
        con.unregister("files_frame")
