"""Builds the clean model (reports, drugs, reactions, quarantine) from the raw records.

Dagster-free: the asset layer calls :func:`build_clean_tables` with a connection on which the
raw database is attached as catalog ``raw`` and gets back a :class:`CleanFunnel` to publish as
metadata. Every statement is a file under ``sql/`` (see :func:`clean_models`, the order
derived from the files); this module only runs them and counts what came in and out.

Staging and intermediate tables live in an in-memory database attached as ``staging`` for the
build; :func:`build_clean_tables` detaches it at the end (``keep_staging=True`` keeps it for
inspection), so the published file holds only the analyst tables in ``main``. The parsed
records (``staging.stg_openfda__reports``, read by four models) are computed once and held in
Arrow memory (:func:`pin_in_arrow`).

The build runs under a DuckDB memory limit (:data:`CLEAN_MEMORY_LIMIT_BYTES`, lower on a
machine with less memory): past it DuckDB spills to ``<build>.tmp`` beside the build file
instead of growing, so a million raw records clean in under 3 GiB of resident memory
(benchmarks/RESULTS.md). The limit is the connection's again afterwards. The same amount is
reserved for DuckDB's block allocator (:func:`reserve_block_memory`), so buffer blocks are
reused between statements instead of being returned to the operating system.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ketamine_faers.memory_limits import held_to, memory_limit
from ketamine_faers.paths import REFERENCE_DIR, SQL_DIR
from ketamine_faers.sql_files import read_sql, run_sql
from ketamine_faers.sql_models import Model, run_order

#: The analyst-facing tables this model publishes in schema ``main``.
CLEAN_TABLES: tuple[str, ...] = ("reports", "drugs", "reactions", "quarantine", "source_fetches")

#: What the clean build makes: its tables, and the step that prunes ``main.drugs`` to the
#: entries of kept reports once the fates are known (sql/core/drugs_keep_cleaned.sql).
CLEAN_TARGETS: tuple[str, ...] = (*CLEAN_TABLES, "drugs_keep_cleaned")

#: The reference files the clean build reads (its fingerprint covers them).
E2B_ROUTES_CSV = REFERENCE_DIR / "e2b_routes.csv"
MEDDRA_PT_CASE_CSV = REFERENCE_DIR / "meddra_pt_case.csv"
REFERENCE_INPUTS: tuple[Path, ...] = (E2B_ROUTES_CSV, MEDDRA_PT_CASE_CSV)


def clean_models(sql_dir: Path = SQL_DIR) -> list[Model]:
    """The model files of the clean build, in the order they run (derived from the files,
    :mod:`ketamine_faers.sql_models`)."""
    return run_order(CLEAN_TARGETS, sql_dir=sql_dir)


#: Staging views that several models read: each is computed once, right after its file ran,
#: and its rows are held in Arrow memory for the rest of the build (:func:`pin_in_arrow`).
PINNED_VIEWS: tuple[str, ...] = ("staging/stg_openfda__reports.sql",)

#: Bound parameters of the files that read reference data.
_FILE_PARAMS: dict[str, dict[str, str]] = {
    "staging/ref_e2b_routes.sql": {"csv_path": str(E2B_ROUTES_CSV)},
    "staging/ref_meddra_pt_case.sql": {"csv_path": str(MEDDRA_PT_CASE_CSV)},
}

#: DuckDB's memory limit while the clean model is built: 2.5 GB, or 60 % of the machine's
#: memory when that is less. Measured at 1M raw records: 2.5 GB peak RSS with it, 3.7 GB
#: without (before the parsed records moved to Arrow memory; 2.3-2.4 GB now).
CLEAN_MEMORY_LIMIT_BYTES = 2_500_000_000


@dataclass(frozen=True)
class QuarterFunnel:
    """Counts in and out of the clean build for one quarter.

    ``superseded`` are the raw records quarantined because a later version or fetch of the
    same safetyreportid was kept; they are included in ``quarantined``.
    """

    quarter: str
    raw_records: int
    reports: int
    quarantined: int
    superseded: int
    drugs: int
    reactions: int
    probable_duplicates: int

    @property
    def reconciles(self) -> bool:
        """Nothing lost or counted twice: raw records = reports + quarantined."""
        return self.raw_records == self.reports + self.quarantined


@dataclass(frozen=True)
class CleanFunnel:
    """What the clean build did, overall and per quarter.

    ``reconciles`` holds when, in every quarter and overall, every raw record became exactly
    one report row or one quarantine row: ``raw_records == reports + quarantined``. Superseded
    versions are not dropped: they are quarantine rows (reason code ``superseded``), counted in
    ``quarantined`` and shown on their own in ``superseded``. ``quarantine_reasons`` counts the
    quarantine rows per reason code.
    """

    raw_records: int
    reports: int
    quarantined: int
    superseded: int
    drugs: int
    reactions: int
    probable_duplicates: int
    quarantine_reasons: dict[str, int] = field(default_factory=dict)
    quarters: tuple[QuarterFunnel, ...] = ()

    @property
    def reconciles(self) -> bool:
        overall = self.raw_records == self.reports + self.quarantined
        return overall and all(q.reconciles for q in self.quarters)

    def as_metadata(self) -> dict[str, object]:
        """Flat values for asset materialization metadata."""
        return {
            "raw_records": self.raw_records,
            "reports": self.reports,
            "quarantined": self.quarantined,
            "superseded": self.superseded,
            "drugs": self.drugs,
            "reactions": self.reactions,
            "probable_duplicates": self.probable_duplicates,
            "reconciles": self.reconciles,
            "quarantine_reasons": dict(self.quarantine_reasons),
        }


def build_clean_tables(
    con: duckdb.DuckDBPyConnection, *, keep_staging: bool = False
) -> CleanFunnel:
    """Run :func:`clean_models` in order on ``con`` and return the funnel.

    ``con`` must have the raw database attached as catalog ``raw`` (read-only is enough);
    the clean tables are (re)created in ``con``'s ``main`` schema, replacing any previous
    build. Raises whatever DuckDB raises if a statement fails; hostile records never make a
    statement fail, they go to ``main.quarantine``.
    """
    limit = clean_memory_limit()
    with held_to(con, limit):
        reserve_block_memory(con, limit)
        pinned: list[str] = []
        try:
            run_sql(con, "operations/clean/attach_staging.sql")
            for model in clean_models():
                run_sql(con, model.path, _FILE_PARAMS.get(model.path))
                if model.path in PINNED_VIEWS:
                    pinned.append(pin_in_arrow(con, model.relation))
            return count_funnel(con)
        finally:
            if not keep_staging:
                run_sql(con, "operations/clean/detach_staging.sql")
                for registered in pinned:
                    con.unregister(registered)


def pin_in_arrow(con: duckdb.DuckDBPyConnection, view: str) -> str:
    """Compute ``staging.<view>`` once and make the view read those rows from Arrow memory.

    The parsed records are read by four models. Stored in a DuckDB table, their nested drug
    and reaction lists cost about as much to write as to parse; an Arrow table takes them as
    the query produces them (benchmarks/RESULTS.md). The rows live outside DuckDB's memory
    limit, about 0.7 GB per million records. Returns the name the Arrow table is registered
    under, for :meth:`duckdb.DuckDBPyConnection.unregister`.
    """
    if not view.isidentifier():
        raise ValueError(f"not a view name: {view!r}")
    rows = con.table(f"staging.{view}").to_arrow_table()
    registered = f"staging_{view}_arrow"
    con.register(registered, rows)
    run_sql(
        con,
        "operations/clean/read_view_from_arrow.sql",
        identifiers={"view": view, "registered": registered},
    )
    return registered


def reserve_block_memory(con: duckdb.DuckDBPyConnection, size: int) -> None:
    """Let DuckDB keep up to ``size`` bytes of buffer blocks for reuse (block_allocator_memory).

    Without it, blocks freed by one statement go back to the operating system and the next
    statement's blocks are faulted in and zeroed again: at 1M raw records the clean build took
    7 % fewer page faults and was faster in each of 4 paired runs with the reservation
    (benchmarks/RESULTS.md). DuckDB cannot shrink the reservation; it belongs to the database
    instance and is released when the instance is closed, so a larger one already in place is
    kept.
    """
    try:
        run_sql(con, "operations/clean/reserve_block_memory.sql", {"size": f"{size}B"})
    except duckdb.InvalidInputException:
        pass  # the instance already reserves more; DuckDB never lowers it


def clean_memory_limit() -> int:
    """Bytes DuckDB may hold while cleaning: :data:`CLEAN_MEMORY_LIMIT_BYTES`, or 60 % of
    physical memory on a smaller machine."""
    return memory_limit(CLEAN_MEMORY_LIMIT_BYTES, share_of_physical=0.6)


def count_funnel(con: duckdb.DuckDBPyConnection) -> CleanFunnel:
    """Count the clean tables of ``con`` against ``raw.raw_records``."""
    rows = con.execute(read_sql("operations/clean/funnel_by_quarter.sql")).fetchall()
    quarters = tuple(QuarterFunnel(*row) for row in rows)
    reasons = dict(con.execute(read_sql("operations/clean/quarantine_reasons.sql")).fetchall())
    return CleanFunnel(
        raw_records=sum(q.raw_records for q in quarters),
        reports=sum(q.reports for q in quarters),
        quarantined=sum(q.quarantined for q in quarters),
        superseded=sum(q.superseded for q in quarters),
        drugs=sum(q.drugs for q in quarters),
        reactions=sum(q.reactions for q in quarters),
        probable_duplicates=sum(q.probable_duplicates for q in quarters),
        quarantine_reasons=reasons,
        quarters=quarters,
    )
