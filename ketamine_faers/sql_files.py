"""Finds and runs the statements in ``sql/``: every SQL the pipeline runs lives there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"


def read_sql(name: str) -> str:
    """The text of ``sql/<name>`` (e.g. ``"clean/reports.sql"``)."""
    path = SQL_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"SQL file {path} is missing from the project's sql/ folder")
    return path.read_text(encoding="utf-8")


def run_sql(con: duckdb.DuckDBPyConnection, name: str, params: Any = None) -> None:
    """Run every statement of one SQL file. Parameters are bound, never interpolated."""
    text = read_sql(name)
    if params is None:
        con.execute(text)
        return
    # DuckDB binds parameters on one statement at a time: run them one by one.
    for statement in con.extract_statements(text):
        con.execute(statement, params)
