"""Publishing the build as the file analysts open, atomically.

Analysts and dashboards only ever open ``faers.duckdb``; the pipeline never writes to it.
A publish copies the finished, checkpointed build database to a temporary file beside the
published one, strips the private schemas, and renames it over the old file in one
``os.replace``. On POSIX the rename is atomic: a reader that opens the path sees either the
previous complete build or the new one, and a reader already connected keeps reading the
file it opened. A crash at any point leaves the previous published file untouched.

A publish never shrinks what the published file covers: a build lacking quarters the
published file has (after the raw landing was set aside as corrupt and a weekly run refetched
only its recent quarters, say) is refused with :class:`PublishRefusedError`, and the file stays.

Publishes may overlap (two runs, or a run and a manual publish): each one copies into a
temporary file of its own, named uniquely in the published file's folder (the rename must
stay within one file system to be atomic), and removes it if anything fails. The last rename
wins, and every rename puts one complete build in place. In one process, the checkpoint and
copy of the same build are taken one at a time: DuckDB refuses a CHECKPOINT while another
connection to the same database is checkpointing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ketamine_faers.catalog import count_rows, relation_exists
from ketamine_faers.sql_files import read_sql, run_sql

PRIVATE_SCHEMAS = ("staging", "build_state")  # build_state: ketamine_faers/build_state.py

#: Prefix of the temporary copies beside the published file: ``faers.duckdb.publishing-*``.
INCOMING_INFIX = ".publishing-"

#: A temporary copy untouched for this long is a leftover of a killed publish (a publish
#: takes seconds and writes its copy all along), removed by the next publish.
STALE_INCOMING_SECONDS = 3600

_BUILD_LOCKS: dict[Path, threading.Lock] = {}
_BUILD_LOCKS_GUARD = threading.Lock()


class PublishRefusedError(RuntimeError):
    """The build covers less than the published file; the message is one line saying which
    quarters are missing and what to do."""


@dataclass(frozen=True)
class PublishResult:
    path: Path
    tables: dict[str, int]
    bytes: int


def publish_build(build_db: Path, published_db: Path) -> PublishResult:
    """Replace ``published_db`` with a copy of ``build_db``. The build must be closed."""
    published_db.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_incoming(published_db)
    fd, name = tempfile.mkstemp(prefix=published_db.name + INCOMING_INFIX, dir=published_db.parent)
    os.close(fd)
    incoming = Path(name)
    try:
        with _build_lock(build_db):
            with duckdb.connect(str(build_db)) as con:
                run_sql(con, "operations/publish/checkpoint.sql")
            shutil.copyfile(build_db, incoming)
        with duckdb.connect(str(incoming)) as con:
            for schema in PRIVATE_SCHEMAS:
                run_sql(
                    con,
                    "operations/publish/drop_private_schema.sql",
                    identifiers={"schema": schema},
                )
            tables = published_tables(con)
            _refuse_shrinking(fetched_quarters(con), published_db)
            run_sql(con, "operations/publish/checkpoint.sql")
        with open(incoming, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(incoming, published_db)
    except BaseException:
        # the copy is private to this call: nothing else can be using it
        incoming.unlink(missing_ok=True)
        incoming.with_name(incoming.name + ".wal").unlink(missing_ok=True)
        raise
    _fsync_dir(published_db.parent)
    return PublishResult(published_db, tables, published_db.stat().st_size)


def fetched_quarters(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The quarters whose openFDA fetch a database holds (``main.source_fetches``)."""
    if not relation_exists(con, "main.source_fetches"):
        return set()
    rows = con.execute(read_sql("operations/publish/select_fetched_quarters.sql")).fetchall()
    return {quarter for (quarter,) in rows}


def _refuse_shrinking(new: set[str], published_db: Path) -> None:
    """Raise :class:`PublishRefusedError` when the published file covers a quarter ``new``
    does not. An unreadable or absent published file covers nothing."""
    if not published_db.exists():
        return
    try:
        with duckdb.connect(str(published_db), read_only=True) as con:
            old = fetched_quarters(con)
    except duckdb.Error:
        return  # nothing can be read from it, so nothing in it can be lost
    missing = sorted(old - new)
    if missing:
        shown = ", ".join(missing) if len(missing) <= 4 else f"{missing[0]} .. {missing[-1]}"
        raise PublishRefusedError(
            f"not published: the build lacks {len(missing)} quarter(s) the published file "
            f"holds ({shown}), as after a raw landing was set aside; the published file is "
            f"unchanged. Run `ketamine-faers run --first {missing[0]}` to fetch them again."
        )


def _remove_stale_incoming(published_db: Path) -> None:
    """Remove temporary copies that a killed publish left behind (SIGKILL skips cleanup);
    a copy written within the last hour may belong to a publish still under way."""
    cutoff = time.time() - STALE_INCOMING_SECONDS
    for leftover in published_db.parent.glob(published_db.name + INCOMING_INFIX + "*"):
        try:
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except FileNotFoundError:
            pass  # another publish removed it first


def _build_lock(build_db: Path) -> threading.Lock:
    """The lock that takes this process's publishes of ``build_db`` one at a time through
    checkpoint and copy (another process is kept out by DuckDB's own file lock)."""
    key = build_db.resolve()
    with _BUILD_LOCKS_GUARD:
        return _BUILD_LOCKS.setdefault(key, threading.Lock())


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
