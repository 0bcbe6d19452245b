"""The reader's writes into the temporary staging tables (``files_stage_<table>``).

Rows built in Python (repaired lines, quarantine, deleted ids, file facts) go in as one Arrow
table per batch, never one statement per row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import duckdb
import pyarrow as pa

from ketamine_faers.sql_files import run_sql

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


def create_stage_tables(con: duckdb.DuckDBPyConnection) -> None:
    run_sql(con, "operations/files_landing/create_landing_tables.sql")
    run_sql(con, "operations/files_landing/create_stage_tables.sql")


def drop_stage_tables(con: duckdb.DuckDBPyConnection) -> None:
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
