"""Parquet copies of the files source's analyst tables (schema ``faers_files``).

:func:`export_parquet` writes every table of ``faers_files`` as Parquet, one folder per
table: a table with a ``quarter`` column (every table but ``deleted_cases``; the child tables
carry the quarter of their case) is hive-partitioned by it
(``drugs/quarter=2017Q2/data_0.parquet``), the others (and an empty table, so its columns
can still be read) are one ``data.parquet``. Read them back with
``read_parquet('<out>/drugs/**/*.parquet', hive_partitioning = true)``.

The export is written into a new folder beside ``out_dir`` and renamed into place, so a
reader never sees a half-written export: the previous export is moved aside by one rename,
the new one moved in by a second and the old one removed. Between the two renames (two
system calls) ``out_dir`` does not exist; it never holds a mix of two exports. A failed
export leaves the previous one as it was.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import duckdb

from ketamine_faers.catalog import count_rows
from ketamine_faers.files_tables import FILES_SCHEMA, build_connection
from ketamine_faers.sql_files import read_sql, run_sql


def export_parquet(
    build_db_or_con: duckdb.DuckDBPyConnection | Path, out_dir: Path
) -> dict[str, int]:
    """Write every ``faers_files`` table of the build as Parquet under ``out_dir``, replacing
    the previous export, and return the rows written per table."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    incoming = out_dir.parent / f".{out_dir.name}.exporting-{uuid.uuid4().hex[:8]}"
    try:
        with build_connection(build_db_or_con, read_only=True) as con:
            written = _write(con, incoming)
        _swap_in(incoming, out_dir)
    except BaseException:
        shutil.rmtree(incoming, ignore_errors=True)
        raise
    return written


def _write(con: duckdb.DuckDBPyConnection, folder: Path) -> dict[str, int]:
    tables = con.execute(read_sql("operations/faers_files/select_export_tables.sql")).fetchall()
    if not tables:
        raise LookupError(f"the build has no {FILES_SCHEMA} tables to export")
    counts = count_rows(con, [f"{FILES_SCHEMA}.{name}" for name, _ in tables])
    written: dict[str, int] = {}
    for name, has_quarter in tables:
        rows = counts[f"{FILES_SCHEMA}.{name}"]
        target = folder / name
        target.mkdir(parents=True)
        if has_quarter and rows:
            run_sql(
                con,
                "operations/faers_files/export_partitioned.sql",
                {"path": str(target)},
                identifiers={"table_name": name},
            )
        else:
            run_sql(
                con,
                "operations/faers_files/export_table.sql",
                {"path": str(target / "data.parquet")},
                identifiers={"table_name": name},
            )
        written[name] = rows
    return written


def _swap_in(incoming: Path, out_dir: Path) -> None:
    """Put ``incoming`` at ``out_dir``; the previous export, if any, is removed."""
    aside = out_dir.parent / f".{out_dir.name}.replaced-{uuid.uuid4().hex[:8]}"
    had_previous = out_dir.exists()
    if had_previous:
        os.replace(out_dir, aside)
    try:
        os.replace(incoming, out_dir)
    except BaseException:
        if had_previous:
            os.replace(aside, out_dir)
        raise
    if had_previous:
        shutil.rmtree(aside, ignore_errors=True)
