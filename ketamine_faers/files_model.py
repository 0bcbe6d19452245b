"""Builds the whole-FAERS case set (``case_set.duckdb``) from the files source's landing.

Dagster-free: :func:`build_case_set` reads ``files_landing.duckdb`` (the landing contract of
docs/faers-files-design.md), runs the case set's SQL models in the order derived from the
files (:func:`case_set_models`: the ``stg_faers_files__*`` views, the ``int_files_*`` steps
and the tables of ``sql/core/case_set/``) and returns what it built, with the funnel per
quarter. Every statement is a file under ``sql/``; this module only runs them and counts.

The build writes to ``<case_set>.building`` and replaces ``case_set_db`` only when every
statement succeeded and the funnel reconciles, so a failed build never leaves a half-made
case set where the next stage reads it. The macros, staging views and intermediate tables
live in a ``staging`` database of their own (``<case_set>.staging``), detached before the
file is moved in place and then removed; what the incremental add of a later quarter needs
of them is kept in the private schema ``increment`` (:mod:`ketamine_faers.case_set_state`).
The rules are in docs/faers-files-dedup.md.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ketamine_faers.case_set_state import code_digest, save_state
from ketamine_faers.catalog import count_rows
from ketamine_faers.memory_limits import hold_to, memory_limit
from ketamine_faers.paths import SQL_DIR
from ketamine_faers.sql_files import read_sql, run_sql, run_sql_for_each
from ketamine_faers.sql_models import Model, run_order

#: Bytes DuckDB may hold while building the case set before it spills to disk (at most 40 %
#: of physical memory on a smaller machine): the whole of FAERS is ~310 M landed rows, and the
#: benchmark's bar is a peak under 8 GiB (benchmarks/RESULTS.md). Results do not depend on it.
CASE_SET_MEMORY_LIMIT_BYTES = 5 * 1024**3

#: The sub-folder build of sql/ that holds the case-set tables (sql/core/case_set/).
CASE_SET_BUILD = "case_set"

#: The relation that names the kept versions: the per-quarter case tables are filled once per
#: quarter it holds (``$quarter`` in sql/core/case_set/).
KEPT_VERSIONS = "int_files_kept_versions"

#: The tables case_set.duckdb holds (docs/faers-files-design.md, "The case set").
CASE_SET_TABLES: tuple[str, ...] = (
    "cases",
    "case_drugs",
    "case_reactions",
    "case_outcomes",
    "case_therapies",
    "case_indications",
    "case_report_sources",
    "deleted_cases",
    "funnel",
)


class CaseSetNotReconciledError(RuntimeError):
    """The funnel does not add up: some version was lost or counted twice."""


@dataclass(frozen=True)
class CaseSetQuarter:
    """The funnel of one quarter (one row of ``main.funnel``)."""

    quarter: str
    rows_read_demo: int
    rows_read_drug: int
    rows_read_reac: int
    rows_read_outc: int
    rows_read_rpsr: int
    rows_read_ther: int
    rows_read_indi: int
    rows_quarantined: int
    exact_duplicate_rows: int
    demo_exact_duplicates: int
    versions_read: int
    versions_superseded: int
    republished_copies: int
    deleted_removed: int
    versions_without_caseid: int
    cases_kept: int

    @property
    def reconciles(self) -> bool:
        """Every distinct version has exactly one fate, and every DEMO row is a version or an
        exact duplicate of one."""
        fates = (
            self.cases_kept
            + self.versions_superseded
            + self.deleted_removed
            + self.versions_without_caseid
        )
        return (
            self.versions_read == fates
            and self.rows_read_demo == self.versions_read + self.demo_exact_duplicates
        )


@dataclass(frozen=True)
class CaseSetResult:
    """What :func:`build_case_set` built: rows per table, the funnel per quarter, and how
    many kept cases are flagged as probable duplicates."""

    tables: dict[str, int]
    quarters: tuple[CaseSetQuarter, ...]
    probable_duplicates: int

    @property
    def versions_read(self) -> int:
        return sum(q.versions_read for q in self.quarters)

    @property
    def cases_kept(self) -> int:
        return sum(q.cases_kept for q in self.quarters)

    @property
    def versions_superseded(self) -> int:
        return sum(q.versions_superseded for q in self.quarters)

    @property
    def deleted_removed(self) -> int:
        return sum(q.deleted_removed for q in self.quarters)

    @property
    def versions_without_caseid(self) -> int:
        return sum(q.versions_without_caseid for q in self.quarters)

    @property
    def reconciles(self) -> bool:
        """Each quarter reconciles, and the cases kept are the rows of ``cases``."""
        return all(q.reconciles for q in self.quarters) and self.cases_kept == self.tables.get(
            "cases"
        )

    def as_metadata(self) -> dict[str, object]:
        """Flat values, e.g. for asset materialization metadata."""
        return {
            **self.tables,
            "versions_read": self.versions_read,
            "versions_superseded": self.versions_superseded,
            "deleted_removed": self.deleted_removed,
            "versions_without_caseid": self.versions_without_caseid,
            "probable_duplicates": self.probable_duplicates,
            "reconciles": self.reconciles,
        }


def case_set_models(sql_dir: Path = SQL_DIR) -> list[Model]:
    """The model files of the case set, in the order they run (derived from the files,
    :mod:`ketamine_faers.sql_models`)."""
    return run_order(CASE_SET_TABLES, sql_dir=sql_dir, subfolders=(CASE_SET_BUILD,))


def case_set_code_digest() -> str:
    """What the case set's code is, as the private state records it: a case set built by
    other code is rebuilt, never added to."""
    return code_digest([model.path for model in case_set_models()])


def run_case_set_models(
    con: duckdb.DuckDBPyConnection, models: list[Model], quarters: list[str] | None = None
) -> None:
    """Run ``models`` in order. A model built in slices runs its sliced statements once per
    quarter: ``$quarter`` (the case tables) per quarter of the kept versions, the only
    quarters whose rows can belong to a kept case, known once :data:`KEPT_VERSIONS` is built
    (``quarters`` when it was built before); ``$landed_quarter`` (the rows read per quarter)
    per quarter of the landing (:func:`landed_quarters`)."""
    kept = list(quarters or ())
    slices = {"quarter": lambda: kept, "landed_quarter": lambda: landed_quarters(con)}
    for model in models:
        run_sql_for_each(con, model.path, slices)
        if model.relation == KEPT_VERSIONS:
            kept[:] = kept_quarters(con)


def build_case_set(landing_db: Path, case_set_db: Path) -> CaseSetResult:
    """Build ``case_set_db`` from ``landing_db`` and return what was built.

    Raises :class:`FileNotFoundError` when the landing is missing, whatever DuckDB raises
    when a statement fails, and :class:`CaseSetNotReconciledError` when the funnel does not
    add up; in each case ``case_set_db`` is left as it was.
    """
    if not landing_db.is_file():
        raise FileNotFoundError(f"no landing database at {landing_db}")
    building = case_set_db.with_name(case_set_db.name + ".building")
    staging = case_set_db.with_name(case_set_db.name + ".staging")
    _remove(building)
    _remove(staging)
    con = duckdb.connect(str(building))
    try:
        hold_to(con, case_set_memory_limit())
        run_sql(con, "operations/case_set/defer_checkpoints.sql")
        run_sql(con, "operations/case_set/attach_landing.sql", {"landing_db": str(landing_db)})
        run_sql(con, "operations/case_set/attach_staging.sql", {"staging_db": str(staging)})
        run_case_set_models(con, case_set_models())
        save_state(con, case_set_code_digest())
        run_sql(con, "operations/case_set/detach_staging.sql")
        run_sql(con, "operations/case_set/detach_landing.sql")
        result = count_case_set(con)
        run_sql(con, "operations/publish/checkpoint.sql")
    except BaseException:
        con.close()
        _remove(building)
        _remove(staging)
        raise
    con.close()
    _remove(staging)
    if not result.reconciles:
        _remove(building)
        raise CaseSetNotReconciledError(
            f"the case set's funnel does not reconcile: {result.as_metadata()}"
        )
    os.replace(building, case_set_db)
    return result


def kept_quarters(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The quarters of the kept versions (``staging.int_files_kept_versions``), in order: the
    slices the case tables are filled by (``$quarter`` in sql/core/case_set/)."""
    rows = con.execute(read_sql("operations/case_set/select_kept_quarters.sql")).fetchall()
    return [quarter for (quarter,) in rows]


def landed_quarters(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The quarters of the landing ``con`` attaches, in order (the staging views must exist):
    the slices ``int_files_quarter_rows`` is filled by."""
    rows = con.execute(read_sql("operations/case_set/select_landed_quarters.sql")).fetchall()
    return [quarter for (quarter,) in rows]


def case_set_memory_limit() -> int:
    """:data:`CASE_SET_MEMORY_LIMIT_BYTES`, or 40 % of physical memory when that is less."""
    return memory_limit(CASE_SET_MEMORY_LIMIT_BYTES, share_of_physical=0.4)


def count_case_set(con: duckdb.DuckDBPyConnection) -> CaseSetResult:
    """Count the case-set tables of ``con`` (a built case set) and read its funnel."""
    rows = con.execute(read_sql("operations/case_set/select_funnel.sql")).fetchall()
    ((duplicates,),) = con.execute(
        read_sql("operations/case_set/count_probable_duplicates.sql")
    ).fetchall()
    return CaseSetResult(
        tables=count_rows(con, CASE_SET_TABLES),
        quarters=tuple(CaseSetQuarter(*row) for row in rows),
        probable_duplicates=int(duplicates),
    )


def _remove(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)
