"""The case set's private state: what adding a later quarter needs, kept in schema
``increment`` of ``case_set.duckdb``.

Why: adding one quarter must not read the ninety landed before it again. The full build
(:mod:`ketamine_faers.files_model`) keeps here the narrow intermediates it made (every report
version with its fate, the deleted-list entries, the landed rows per quarter, each kept case's
duplicate keys and their hashes), the landing's record of the zips it was built from
(``landed_zips``) and what code built it. The incremental add
(:mod:`ketamine_faers.case_set_increment`) reads them and updates them in the same transaction
as the case tables. Analysts never read them (docs/faers-files-dedup.md).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import duckdb

from ketamine_faers.build_state import code_digest as files_digest
from ketamine_faers.catalog import relation_exists
from ketamine_faers.paths import PROJECT_ROOT
from ketamine_faers.sql_files import read_sql, run_sql
from ketamine_faers.stage_inputs import python_closure, sql_literals

#: The schema of ``case_set.duckdb`` that holds the state (sql/operations/case_set_state/).
STATE_SCHEMA = "increment"

#: Bump when what the state holds, or how it is read, changes: a case set whose state has
#: another format is rebuilt.
FORMAT = "1"

#: The modules whose code makes the case set: a change to any of them, to a module they
#: import or to a SQL file they run makes the next update a rebuild.
CASE_SET_MODULES = ("ketamine_faers.files_model", "ketamine_faers.case_set_increment")


@dataclass(frozen=True)
class LandedQuarter:
    """One row of the landing's ``landed_zips``: which zip a quarter was landed from, when.
    ``landed_at`` changes whenever the quarter is landed again."""

    quarter: str
    zip_name: str
    sha256: str | None
    landed_at: datetime


@dataclass(frozen=True)
class BuiltState:
    """What a case set records of its own making."""

    format: str
    code_digest: str
    quarters: dict[str, LandedQuarter]


def code_digest(model_paths: Sequence[str]) -> str:
    """sha256 over the case set's modules (followed through their imports), the SQL files
    they name and ``model_paths`` (relative to sql/), and DuckDB's version."""
    modules = python_closure(CASE_SET_MODULES)
    files = {path.relative_to(PROJECT_ROOT).as_posix() for path in modules.values()}
    files |= sql_literals(modules.values())
    files |= {f"sql/{path}" for path in model_paths}
    combined = f"{files_digest(files)} duckdb {duckdb.__version__}"
    return hashlib.sha256(combined.encode("utf-8")).hexdigest()


def save_state(con: duckdb.DuckDBPyConnection, digest: str) -> None:
    """In a full build (``staging`` and ``landing`` attached, the case set as ``main``):
    keep the intermediates and the landed quarters the incremental add starts from."""
    run_sql(con, "operations/case_set_state/save_state.sql", {"format": FORMAT, "digest": digest})
    if relation_exists(con, "landing.landed_zips"):
        run_sql(con, "operations/case_set_state/save_built_quarters.sql")


def read_built(con: duckdb.DuckDBPyConnection) -> BuiltState | None:
    """The state of the case set attached as ``case_set``; None when it keeps none."""
    if not relation_exists(con, "case_set.increment.build"):
        return None
    ((format_, digest),) = con.execute(
        read_sql("operations/case_set_state/select_build.sql")
    ).fetchall()
    if format_ != FORMAT:
        return BuiltState(format_, digest, {})
    rows = con.execute(read_sql("operations/case_set_state/select_built_quarters.sql")).fetchall()
    return BuiltState(format_, digest, _by_quarter(rows))


def read_landed(con: duckdb.DuckDBPyConnection) -> dict[str, LandedQuarter] | None:
    """The landing attached as ``landed``: quarter -> the zip it was landed from; None when
    it records no zips (a landing assembled by hand)."""
    if not relation_exists(con, "landed.landed_zips"):
        return None
    rows = con.execute(read_sql("operations/case_set_state/select_landed_zips.sql")).fetchall()
    return _by_quarter(rows)


def _by_quarter(rows: list[tuple[str, str, str | None, datetime]]) -> dict[str, LandedQuarter]:
    return {row[0]: LandedQuarter(*row) for row in rows}
