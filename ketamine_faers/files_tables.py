"""Builds the files source's analyst tables (schema ``faers_files`` of the build database)
and the reconciliation of the two sources (``main.source_reconciliation``).

Dagster-free: :func:`build_files_tables` attaches the whole-FAERS case set
(``case_set.duckdb``) read-only as ``case_set``, the landing read-only as ``landing`` and an
in-memory ``staging`` catalog, runs the models of the sub-folder builds ``faers_files``
(``sql/core/faers_files/``: the ketamine/esketamine slice of the case set, with comments on
every column) and ``reconciliation`` (``sql/core/reconciliation/``), in the order derived
from the files (:mod:`ketamine_faers.sql_models`), and returns the rows it built. The
reconciliation reads openFDA's side through ``staging.openfda_side_*``: views over the
build's ``main.reports``, ``main.quarantine`` and ``main.source_fetches``, or the same
relations empty when the build does not hold all three (a files-only build: every case is
then 'files only', reason 'openFDA not fetched'). Every statement is a file under ``sql/``;
this module only runs them and counts.

The tables are written in one transaction: a failed build leaves the previous
``faers_files`` tables and ``main.source_reconciliation`` as they were. The catalogs it
attached are detached at the end, so the build database (and the published copy of it)
holds only the tables. The Parquet copies are :mod:`ketamine_faers.files_parquet`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ketamine_faers.catalog import count_rows, relation_exists
from ketamine_faers.clean_model import MEDDRA_PT_CASE_CSV
from ketamine_faers.memory_limits import held_to, memory_limit
from ketamine_faers.paths import SQL_DIR
from ketamine_faers.sql_files import read_sql, run_sql
from ketamine_faers.sql_models import PUBLISHED_LAYERS, Model, models, run_order

#: The schema of the analyst tables, and the sub-folder build of sql/ that makes them.
FILES_SCHEMA = "faers_files"
#: Bytes DuckDB may hold while building the tables (at most 30 % of physical memory on a
#: smaller machine): they join the whole-FAERS case set (73 M drug rows at real size), and
#: unheld the step peaked at 9,091 MiB there, over the benchmark's 8 GiB bar
#: (benchmarks/RESULTS.md). Results do not depend on it.
FILES_TABLES_MEMORY_LIMIT_BYTES = 4 * 1024**3

#: The sub-folder build of ``main.source_reconciliation`` (sql/core/reconciliation/).
RECONCILIATION_BUILD = "reconciliation"
RECONCILIATION_TABLE = "source_reconciliation"

#: The tables of schema faers_files (docs/data-dictionary.md).
FILES_TABLES: tuple[str, ...] = (
    "cases",
    "drugs",
    "reactions",
    "outcomes",
    "therapies",
    "indications",
    "report_sources",
    "deleted_cases",
    "quarantine",
    "quarters",
)

#: Values the models with a ``$`` parameter need.
_MODEL_PARAMS: dict[str, dict[str, str]] = {
    "staging/ref_meddra_pt_case.sql": {"csv_path": str(MEDDRA_PT_CASE_CSV)},
}
#: What the reconciliation reads from the openFDA build (sql/operations/reconciliation/).
_OPENFDA_TABLES = ("main.reports", "main.quarantine", "main.source_fetches")
_OPENFDA_SIDE = "operations/reconciliation/openfda_side.sql"
_EMPTY_OPENFDA_SIDE = "operations/reconciliation/empty_openfda_side.sql"


@dataclass(frozen=True)
class FilesTablesResult:
    """What :func:`build_files_tables` built: rows per ``faers_files`` table, and
    ``main.source_reconciliation``'s rows per status."""

    tables: dict[str, int]
    source_reconciliation: dict[str, int]

    def as_metadata(self) -> dict[str, object]:
        """Flat values, e.g. for asset materialization metadata."""
        reconciled = self.source_reconciliation.items()
        return {
            **{f"{FILES_SCHEMA}.{table}": rows for table, rows in self.tables.items()},
            **{f"{RECONCILIATION_TABLE} {status}": n for status, n in reconciled},
        }


def files_tables_models(sql_dir: Path = SQL_DIR) -> list[Model]:
    """The model files of the analyst tables and of the reconciliation, in the order they
    run. The published tables of ``main`` (openFDA's clean and effect builds) count as built:
    the reconciliation reads openFDA's tables, never rebuilds them."""
    targets = [*(f"{FILES_SCHEMA}.{table}" for table in FILES_TABLES), RECONCILIATION_TABLE]
    published = {m.relation for m in models(sql_dir).values() if m.layer in PUBLISHED_LAYERS}
    return run_order(
        targets, built=published, sql_dir=sql_dir, subfolders=(FILES_SCHEMA, RECONCILIATION_BUILD)
    )


def build_files_tables(
    con_or_build_db: duckdb.DuckDBPyConnection | Path,
    case_set_db: Path,
    landing_db: Path,
    downloads_manifest: Path | None = None,
) -> FilesTablesResult:
    """Build schema ``faers_files`` and ``main.source_reconciliation`` from ``case_set_db``
    and ``landing_db`` (and openFDA's ``main.reports``, ``main.quarantine`` and
    ``main.source_fetches`` when the build holds them).

    ``con_or_build_db`` is an open connection to the build database (it must not have a
    catalog named ``case_set``, ``landing`` or ``staging`` attached) or the path of one.
    ``downloads_manifest`` is ``work/files/downloads.json``; when None or missing, the
    download columns of ``faers_files.quarters`` are NULL. Raises FileNotFoundError when the
    case set or the landing is missing, and whatever DuckDB raises when a statement fails;
    the previous tables are then left as they were.
    """
    for path, what in ((case_set_db, "case set"), (landing_db, "landing")):
        if not path.is_file():
            raise FileNotFoundError(f"no {what} database at {path}")
    limit = memory_limit(FILES_TABLES_MEMORY_LIMIT_BYTES, share_of_physical=0.3)
    with build_connection(con_or_build_db) as con, held_to(con, limit):
        run_sql(
            con, "operations/faers_files/attach_case_set.sql", {"case_set_db": str(case_set_db)}
        )
        try:
            run_sql(con, "operations/case_set/attach_landing.sql", {"landing_db": str(landing_db)})
            # small here (macros, views, reference tables): in memory
            run_sql(con, "operations/case_set/attach_staging.sql", {"staging_db": ":memory:"})
            try:
                return _build(con, downloads_manifest)
            finally:
                run_sql(con, "operations/case_set/detach_staging.sql")
                run_sql(con, "operations/case_set/detach_landing.sql")
        finally:
            run_sql(con, "operations/faers_files/detach_case_set.sql")


def _build(con: duckdb.DuckDBPyConnection, downloads_manifest: Path | None) -> FilesTablesResult:
    if downloads_manifest is not None and downloads_manifest.is_file():
        run_sql(
            con,
            "operations/faers_files/load_downloads_manifest.sql",
            {"manifest_path": str(downloads_manifest)},
        )
    else:
        run_sql(con, "operations/faers_files/empty_downloads_manifest.sql")
    openfda_built = all(relation_exists(con, name) for name in _OPENFDA_TABLES)
    run_sql(con, _OPENFDA_SIDE if openfda_built else _EMPTY_OPENFDA_SIDE)
    ordered = files_tables_models()
    # Macros, staging views and reference tables go to the in-memory `staging` catalog;
    # DuckDB writes one database per transaction, so they are made before it begins.
    for model in ordered:
        if model.layer not in PUBLISHED_LAYERS:
            run_sql(con, model.path, _MODEL_PARAMS.get(model.path))
    run_sql(con, "operations/faers_files/create_schema.sql")
    con.begin()
    try:
        for model in ordered:
            if model.layer in PUBLISHED_LAYERS:
                run_sql(con, model.path, _MODEL_PARAMS.get(model.path))
        con.commit()
    except BaseException:
        con.rollback()
        raise
    tables = count_rows(con, [f"{FILES_SCHEMA}.{table}" for table in FILES_TABLES])
    rows = con.execute(
        read_sql("operations/faers_files/count_reconciliation_statuses.sql")
    ).fetchall()
    return FilesTablesResult(
        tables={name.removeprefix(f"{FILES_SCHEMA}."): n for name, n in tables.items()},
        source_reconciliation={str(status): int(n) for status, n in rows},
    )


@contextmanager
def build_connection(
    con_or_db: duckdb.DuckDBPyConnection | Path, *, read_only: bool = False
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The connection given, or one opened (and closed) on the database file given."""
    if isinstance(con_or_db, duckdb.DuckDBPyConnection):
        yield con_or_db
        return
    con = duckdb.connect(str(con_or_db), read_only=read_only)
    try:
        yield con
    finally:
        con.close()
