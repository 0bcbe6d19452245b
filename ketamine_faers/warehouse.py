"""The one way to open each working database: the raw landing (:func:`connect_raw`), and the
build database seeing it attached read-only as catalog ``raw`` (:func:`attached_raw`, called by
the ``warehouse`` resource in assets/resources.py), so every stage reads the landing under the
same name.

Both working databases can be made again, so a corrupt one (a truncated file after a full
disk or a killed copy, garbage bytes) must not fail every later run: :func:`set_aside_if_corrupt`
renames it to ``<name>.corrupt-<UTC timestamp>`` (kept for a post-mortem, with its WAL) and the
caller starts a fresh one. A fresh ``build.duckdb`` has no ``build_state``, so every stage
rebuilds; a fresh ``raw.duckdb`` has no ``raw_fetches``, so the next run refetches its
quarters. Only DuckDB's own "this file is damaged" errors count: a lock held by another
process, a missing folder or a permission error is raised as it is, never taken for damage.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from ketamine_faers.sql_files import read_sql, run_sql

log = logging.getLogger(__name__)

#: Parts of DuckDB's messages for a file it cannot read as a database (checked on 2.0.1):
#: garbage or an empty file, a truncated file, a block whose checksum is wrong.
_DAMAGE_MARKERS = (
    "not a valid DuckDB database file",
    "Could not read enough bytes",
    "Corrupt database file",
    "checksum",
)


@contextmanager
def attached_raw(con: duckdb.DuckDBPyConnection, raw_db: Path) -> Iterator[None]:
    """``raw_db`` attached read-only to ``con`` as ``raw`` for the block, detached after."""
    run_sql(con, "operations/warehouse/attach_raw.sql", {"raw_db": str(raw_db)})
    try:
        yield
    finally:
        run_sql(con, "operations/warehouse/detach_raw.sql")


def connect_raw(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the raw database, creating its tables on first use. Opened for writing (as the
    landing does first thing in every run), a corrupt file is set aside and a fresh one
    started; a reader never moves anything."""
    if read_only:
        return duckdb.connect(str(path), read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    set_aside_if_corrupt(path, "raw landing", "the next run refetches its quarters")
    con = duckdb.connect(str(path))
    run_sql(con, "operations/raw_landing/create_raw_records.sql")
    return con


def is_damage(error: BaseException) -> bool:
    """True when DuckDB's error says the file itself is damaged (not locked, not missing)."""
    return isinstance(error, duckdb.Error) and any(m in str(error) for m in _DAMAGE_MARKERS)


def set_aside_if_corrupt(path: Path, what: str, consequence: str) -> Path | None:
    """If ``path`` exists and is damaged, rename it (and its WAL) to
    ``<name>.corrupt-<UTC timestamp>`` beside it, log one warning line, and return the new
    path; otherwise leave it alone and return None.

    Damaged means DuckDB cannot open it (garbage, an empty file, a truncated catalog), or the
    file is too short to hold the blocks DuckDB says are in use (the highest used block is at
    least the ``used_blocks``-th; free blocks at the end may legitimately be cut off, so the
    total is not the test). The second test is needed
    because DuckDB reads table blocks lazily: a build cut in half opens and answers queries
    until one touches a missing block. It is skipped while a WAL exists (blocks replayed from
    it are not in the file yet). Any other error, above all another process's lock, is left
    to the caller's own connect, which retries or raises it.
    """
    if not path.exists():
        return None
    problem = _damage(path)
    if problem is None:
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    path.rename(aside)
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        wal.rename(aside.with_name(aside.name + ".wal"))
    log.warning(
        "%s %s is corrupt (%s); moved it aside to %s and started a fresh one: %s.",
        what,
        path,
        problem,
        aside,
        consequence,
    )
    return aside


#: DuckDB's file starts with three 4 KiB headers; block ``i`` follows at
#: ``_HEADERS_BYTES + i * block_size``.
_HEADERS_BYTES = 3 * 4096


def _damage(path: Path) -> str | None:
    """What is wrong with the database file ``path``, or None when nothing is (or when it
    cannot be told, e.g. the file is locked by another process)."""
    try:
        with duckdb.connect(str(path)) as con:
            row = con.execute(read_sql("operations/warehouse/database_size.sql")).fetchone()
    except duckdb.Error as error:
        return str(error).splitlines()[0] if is_damage(error) else None
    if row is None or path.with_name(path.name + ".wal").exists():
        return None
    used_blocks, block_size = int(row[0]), int(row[1])
    least = _HEADERS_BYTES + used_blocks * block_size if used_blocks else 0
    actual = path.stat().st_size
    if actual < least:
        return f"truncated: {actual} bytes, its {used_blocks} blocks in use need {least}"
    return None
