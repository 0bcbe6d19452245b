"""Incremental builds: each stage of the build database remembers what it was built from.

Why: a weekly refresh with nothing new upstream should not rebuild the clean tables, the
effect tables and signals, or run Great Expectations again over identical data. Each stage
gets a *fingerprint*, a sha256 over everything its output depends on:

* ``clean``: what the raw landing holds (``raw.raw_fetches`` rows, whose ``fetched_at``
  changes whenever a quarter is landed again, and per quarter the stored record count and
  fetch times), the files the clean stage reads and DuckDB's version;
* ``effects``: the clean fingerprint, every ``raw.background_counts`` row and the files the
  effect stage reads;
* ``gx/<suite>``: the content of every table the suite reads, the suite file, its batch
  query, the files the validation code reads and GX's version.

"The files a stage reads" are derived from its code, never listed by hand
(:mod:`ketamine_faers.stage_inputs`): the modules it imports, the SQL it runs, the reference
data it loads. A file that moves is followed; one that is missing is an error.

The fingerprint is stored in the private schema ``build_state`` of the build database (the
publish step drops it), with a content digest of the stage's tables, only after the stage
succeeded; a stage is skipped only while its tables still have that content. A suite's
results are tied to the content digest of every table it reads. A stage is forgotten, with
every stage built on it, before it is rebuilt: a build that failed midway never looks complete.
A spurious rebuild is the price of a change that did not matter.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from ketamine_faers.catalog import relation_exists
from ketamine_faers.clean_model import CLEAN_TABLES
from ketamine_faers.effects_model import EFFECT_TABLES
from ketamine_faers.paths import PROJECT_ROOT
from ketamine_faers.sql_files import read_sql, run_sql
from ketamine_faers.stage_inputs import stage_inputs, suite_inputs

ROOT = PROJECT_ROOT
STATE_SCHEMA = "build_state"
#: Bump to invalidate every stored fingerprint (e.g. when what they cover changes).
FORMAT = "2"

CLEAN = "clean"
EFFECTS = "effects"
QUALITY = "quality"


def validation_stage(suite: str) -> str:
    return f"gx/{suite}"


# --- fingerprints -----------------------------------------------------------------------------


def _sha(*parts: object) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def code_digest(files: Iterable[str], root: Path = ROOT) -> str:
    """sha256 over the relative path and bytes of each of ``files`` (paths relative to
    ``root``, as :func:`~ketamine_faers.stage_inputs.stage_inputs` lists them). A file that is
    missing is an error, never a silently smaller digest."""
    digest = hashlib.sha256()
    for name in sorted(files):
        path = root / name
        if not path.is_file():
            raise FileNotFoundError(f"{name} is covered by a fingerprint but missing under {root}")
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


def _raw_rows_digest(con: duckdb.DuckDBPyConnection, table: str, sql_file: str) -> str:
    """Digest of a raw-database table's rows as ``sql_file`` reads them; a fixed value when
    the table does not exist yet."""
    if not relation_exists(con, f"raw.{table}"):
        return _sha(f"no raw.{table}")
    return _sha(con.execute(read_sql(sql_file)).fetchall())


class Fingerprints:
    """The current fingerprints of one build connection (the raw database attached as
    ``raw``), each computed once on first use. ``root`` is the project folder whose code is
    hashed (tests point it at a copy)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, root: Path = ROOT) -> None:
        self.con = con
        self.root = root

    @cached_property
    def raw(self) -> str:
        """What the raw landing holds."""
        return _raw_rows_digest(
            self.con, "raw_fetches", "operations/build_state/raw_fetches_digest.sql"
        )

    @cached_property
    def background(self) -> str:
        return _raw_rows_digest(
            self.con, "background_counts", "operations/build_state/background_counts_digest.sql"
        )

    @cached_property
    def clean(self) -> str:
        return _sha(
            FORMAT,
            CLEAN,
            duckdb.__version__,
            self.raw,
            code_digest(stage_inputs(CLEAN, self.root).files, self.root),
        )

    @cached_property
    def effects(self) -> str:
        return _sha(
            FORMAT,
            EFFECTS,
            self.clean,
            self.background,
            code_digest(stage_inputs(EFFECTS, self.root).files, self.root),
            _version("pandas"),
            _version("numpy"),
        )

    @cached_property
    def _quality_files(self) -> tuple[str, ...]:
        return stage_inputs(QUALITY, self.root).files

    def validation(self, suite: str, data: str) -> str:
        """A suite's fingerprint over ``data`` (the fingerprint of what it reads)."""
        return _sha(
            FORMAT,
            validation_stage(suite),
            data,
            code_digest([*self._quality_files, *suite_inputs(suite, self.root)], self.root),
            _version("great_expectations"),
            _version("pandas"),
            duckdb.__version__,
        )


def stage_reading(table: str) -> str | None:
    """The stage that builds a table a suite reads (``main.reports`` -> clean), ``"raw"`` or
    ``"background"`` for the raw database's tables, None for a table of unknown origin."""
    catalog, _, name = table.rpartition(".")
    if catalog == "raw":
        return "background" if name == "background_counts" else "raw"
    if catalog in ("", "main"):
        if name in CLEAN_TABLES:
            return CLEAN
        if name in EFFECT_TABLES:
            return EFFECTS
    return None


# --- stored state -----------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredStage:
    """What a stage was last built (or validated) from, and by which run."""

    stage: str
    fingerprint: str
    run_id: str
    built_at: datetime
    depends_on: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)


def ensure_state(con: duckdb.DuckDBPyConnection) -> None:
    run_sql(con, "operations/build_state/create_build_state.sql")


def stored(con: duckdb.DuckDBPyConnection, stage: str) -> StoredStage | None:
    ensure_state(con)
    rows = con.execute(
        read_sql("operations/build_state/select_stage.sql"), {"stage": stage}
    ).fetchall()
    if not rows:
        return None
    ((fingerprint, run_id, built_at, depends_on, details),) = rows
    return StoredStage(
        stage,
        fingerprint,
        run_id,
        built_at,
        tuple(depends_on or ()),
        json.loads(details) if details else {},
    )


def forget(con: duckdb.DuckDBPyConnection, stage: str) -> None:
    """Forget ``stage`` and every stage built on it: call before rebuilding it."""
    ensure_state(con)
    run_sql(con, "operations/build_state/forget_stage.sql", {"stage": stage})


def remember(
    con: duckdb.DuckDBPyConnection,
    stage: str,
    fingerprint: str,
    run_id: str,
    *,
    depends_on: Sequence[str] = (),
    details: dict[str, Any] | None = None,
) -> None:
    """Record that ``stage`` now holds a successful build of ``fingerprint``."""
    ensure_state(con)
    run_sql(
        con,
        "operations/build_state/remember_stage.sql",
        {
            "stage": stage,
            "fingerprint": fingerprint,
            "run_id": run_id,
            "built_at": datetime.now(UTC).replace(tzinfo=None),
            "depends_on": list(depends_on),
            "details": json.dumps(details or {}),
        },
    )


def tables_present(con: duckdb.DuckDBPyConnection, tables: Sequence[str]) -> bool:
    """Every table of ``tables`` exists in schema main of the build database."""
    return all(relation_exists(con, f"main.{table}") for table in tables)


def table_hashes(con: duckdb.DuckDBPyConnection, tables: Sequence[str]) -> dict[str, str]:
    """A digest of each table's content (row count and the sum of its rows' hashes): proof
    that a table is still exactly what a stage built or a suite validated."""
    query = read_sql("operations/build_state/table_content.sql")
    hashes = {}
    for table in tables:
        ((rows, hash_sum),) = con.execute(query, {"table_name": table}).fetchall()
        hashes[table] = f"{rows}:{hash_sum}"
    return hashes


@dataclass(frozen=True)
class Decision:
    """Whether a stage must be rebuilt, and why, in words for Dagster metadata."""

    rebuild: bool
    reason: str
    fingerprint: str
    previous: StoredStage | None = None


def decide(
    con: duckdb.DuckDBPyConnection, stage: str, fingerprint: str, tables: Sequence[str]
) -> Decision:
    """Skip a stage only when its stored fingerprint is the current one and its tables exist
    with exactly the content it built (record it with ``details={"tables": table_hashes()}``)."""
    previous = stored(con, stage)
    if previous is None:
        reason = "no complete earlier build of this stage"
    elif previous.fingerprint != fingerprint:
        reason = "inputs changed (raw data, background counts, SQL, reference data or code)"
    elif not tables_present(con, tables):
        reason = "a table of the stage is missing from the build database"
    elif previous.details.get("tables") != table_hashes(con, tables):
        reason = "a table of the stage changed since it was built"
    else:
        return Decision(
            False,
            f"inputs unchanged since run {previous.run_id} ({previous.built_at:%Y-%m-%d %H:%M} "
            "UTC)",
            fingerprint,
            previous,
        )
    return Decision(True, reason, fingerprint, previous)


Built = TypeVar("Built")


def build_if_changed(
    con: duckdb.DuckDBPyConnection,
    stage: str,
    fingerprint: str,
    tables: Sequence[str],
    build: Callable[[], Built],
    count: Callable[[], Built],
    run_id: str,
    *,
    depends_on: Sequence[str] = (),
) -> tuple[Decision, Built]:
    """Run ``build`` unless :func:`decide` says the stage is current, then ``count`` what the
    kept stage holds instead; returns the decision and the figures of either. The stage is
    forgotten before the build and remembered, with its tables' content, only after it
    succeeded."""
    decision = decide(con, stage, fingerprint, tables)
    if not decision.rebuild:
        return decision, count()
    forget(con, stage)
    built = build()
    remember(
        con,
        stage,
        fingerprint,
        run_id,
        depends_on=depends_on,
        details={"tables": table_hashes(con, tables)},
    )
    return decision, built
