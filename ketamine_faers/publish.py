"""Publishing the build as the file analysts open, atomically.

Analysts and dashboards only ever open ``faers.duckdb``; the pipeline never writes to it.
A publish copies the finished, checkpointed build database to a temporary file beside the
published one, strips the private schemas, and renames it over the old file in one
``os.replace``. On POSIX the rename is atomic: a reader that opens the path sees either the
previous complete build or the new one, and a reader already connected keeps reading the
file it opened. A crash at any point leaves the previous published file untouched.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ketamine_faers.catalog import count_rows
from ketamine_faers.sql_files import read_sql, run_sql

PRIVATE_SCHEMAS = ("staging", "build_state")  # build_state: ketamine_faers/build_state.py


@dataclass(frozen=True)
class PublishResult:
    path: Path
    tables: dict[str, int]
    bytes: int


def publish_build(build_db: Path, published_db: Path) -> PublishResult:
    """Replace ``published_db`` with a copy of ``build_db``. The build must be closed."""
    with duckdb.connect(str(build_db)) as con:
        run_sql(con, "operations/publish/checkpoint.sql")
    published_db.parent.mkdir(parents=True, exist_ok=True)
    incoming = published_db.with_name(published_db.name + ".publishing")
    incoming.unlink(missing_ok=True)
    shutil.copyfile(build_db, incoming)
    with duckdb.connect(str(incoming)) as con:
        for schema in PRIVATE_SCHEMAS:
            run_sql(
                con, "operations/publish/drop_private_schema.sql", identifiers={"schema": schema}
            )
        tables = published_tables(con)
        run_sql(con, "operations/publish/checkpoint.sql")
    with open(incoming, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(incoming, published_db)
    _fsync_dir(published_db.parent)
    return PublishResult(published_db, tables, published_db.stat().st_size)


def published_tables(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row count of every table in schema ``main``."""
    names = [
        name
        for (name,) in con.execute(read_sql("operations/publish/published_tables.sql")).fetchall()
    ]
    return count_rows(con, names)


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
