"""How a build connection sees the raw landing: attached read-only as catalog ``raw``, so every
stage reads the landing under the same name. The raw landing itself is opened by
:func:`ketamine_faers.sources.openfda.landing.connect_raw`; the build database by the
``warehouse`` resource (assets/resources.py), which calls :func:`attached_raw`."""

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
