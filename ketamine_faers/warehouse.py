"""The one way to open each working database: the raw landing (:func:`connect_raw`), and the
build database seeing it attached read-only as catalog ``raw`` (:func:`attached_raw`, called by
the ``warehouse`` resource in assets/resources.py), so every stage reads the landing under the
same name."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from ketamine_faers.sql_files import run_sql


@contextmanager
def attached_raw(con: duckdb.DuckDBPyConnection, raw_db: Path) -> Iterator[None]:
    """``raw_db`` attached read-only to ``con`` as ``raw`` for the block, detached after."""
    run_sql(con, "operations/warehouse/attach_raw.sql", {"raw_db": str(raw_db)})
    try:
        yield
    finally:
        run_sql(con, "operations/warehouse/detach_raw.sql")


def connect_raw(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the raw database, creating its tables on first use."""
    if read_only:
        return duckdb.connect(str(path), read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    run_sql(con, "operations/raw_landing/create_raw_records.sql")
    return con
