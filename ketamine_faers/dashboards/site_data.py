"""What the dashboards show, read from the published database in one read-only connection.

Every query is a file in ``sql/operations/dashboards/``; this module only runs them and
shapes the rows into plain Python records (dicts of str, int, float, bool, date, list) that
the figure and page builders take, grouped by :func:`index_rows` where they look rows up.
``source_fetches`` and ``data_quality`` are optional: a database without them still builds,
and the pages say what is not available.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from ketamine_faers.catalog import relation_exists
from ketamine_faers.sql_files import read_sql

EXPOSURES = ("any role", "suspect only")
SCOPES = ("narrow", "broad")
BASELINE = "all reports"

LATEST_REPORTS_PER_GROUP = 15
CO_REPORTED_TERMS_SHOWN = 12

Row = dict[str, Any]


def index_rows(rows: Iterable[Row], *keys: str) -> dict[tuple, list[Row]]:
    """Rows grouped by the values of ``keys`` (in order), order kept within a group."""
    grouped: dict[tuple, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[tuple(row[key] for key in keys)].append(row)
    return grouped


@dataclass(frozen=True)
class SourceStatus:
    """Where the data came from and when. ``synthetic`` is None when the build does not say
    (no ``source_fetches`` table); ``from_table`` names the table the facts were read from."""

    from_table: str | None
    first_fetched_at: datetime | None = None
    last_fetched_at: datetime | None = None
    source_last_updated: date | None = None
    synthetic: bool | None = None
    quarters_fetched: int = 0
    records: int = 0
    source_base_urls: tuple[str, ...] = ()
    #: FDA's quarterly files in this build (files_status.sql), None when not loaded
    files: Row | None = None
    #: cases per status of main.source_reconciliation; empty when not built (no files loaded)
    reconciliation: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class QualityStatus:
    """The data quality of the build: the latest validation of every suite in
    ``data_quality``. ``status`` is 'pass', 'warnings', 'errors' or 'not available'."""

    available: bool
    expectations: int = 0
    passed: int = 0
    failed_warnings: int = 0
    failed_errors: int = 0
    suites: int = 0
    validated_at: datetime | None = None
    failures: tuple[Row, ...] = ()

    @property
    def status(self) -> str:
        if not self.available or self.expectations == 0:
            return "not available"
        if self.failed_errors:
            return "errors"
        if self.failed_warnings:
            return "warnings"
        return "pass"


@dataclass(frozen=True)
class SiteData:
    """Everything the pages need, already filtered to the products, categories, exposures
    and scopes the dashboards know."""

    source: SourceStatus
    quality: QualityStatus
    effects_by_quarter: list[Row]
    profiles: list[Row]
    ranked_terms: list[Row]
    signals: list[Row]
    latest_serious: list[Row]
    product_names: list[Row]
    term_lists: dict[tuple[str, str], list[str]]
    product_totals: dict[tuple[str, str], Row]
    tables: frozenset[str] = field(default_factory=frozenset)


def missing_tables(published_db: Path) -> list[str]:
    """The tables the dashboards read that ``published_db`` lacks (all of them when there is
    no such file): a database published by a files-only run has no openFDA tables yet."""
    if not published_db.is_file():
        return sorted(REQUIRED_TABLES)
    with duckdb.connect(str(published_db), read_only=True) as con:
        tables = frozenset(row["table_name"] for row in _query(con, "published_tables"))
    return sorted(REQUIRED_TABLES - tables)


def load_site_data(published_db: Path) -> SiteData:
    """Read the dashboards' data from ``published_db``, opened read-only."""
    if not published_db.is_file():
        raise FileNotFoundError(
            f"No published database at {published_db}; run `ketamine-faers demo` or "
            "`ketamine-faers run` first (the dashboards are built from it)."
        )
    with duckdb.connect(str(published_db), read_only=True) as con:
        tables = frozenset(row["table_name"] for row in _query(con, "published_tables"))
        missing = sorted(REQUIRED_TABLES - tables)
        if missing:
            raise ValueError(
                f"{published_db} lacks the tables {', '.join(missing)} that the dashboards "
                "read; it was published by an incomplete or older build: rebuild it."
            )
        return SiteData(
            source=_source_status(con, tables),
            quality=_quality_status(con, tables),
            effects_by_quarter=_query(con, "effects_by_quarter"),
            profiles=_query(con, "profile_shares"),
            ranked_terms=_query(con, "ranked_terms", {"max_rank": CO_REPORTED_TERMS_SHOWN}),
            signals=_query(con, "overall_signals"),
            latest_serious=_query(
                con, "latest_serious_reports", {"per_group": LATEST_REPORTS_PER_GROUP}
            ),
            product_names=_query(con, "product_names"),
            term_lists={
                (row["category"], row["scope"]): list(row["terms"])
                for row in _query(con, "effect_term_lists")
            },
            product_totals={
                (row["product"], row["exposure"]): row for row in _query(con, "product_totals")
            },
            tables=tables,
        )


REQUIRED_TABLES = frozenset(
    {
        "reports",
        "drugs",
        "effect_terms",
        "report_exposures",
        "effect_reports",
        "mart_effects_by_quarter",
        "mart_seriousness",
        "mart_outcomes",
        "mart_routes",
        "mart_demographics",
        "mart_reporters",
        "mart_top_terms",
        "mart_co_reported_terms",
        "signals",
    }
)


def _query(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> list[Row]:
    cursor = con.execute(read_sql(f"operations/dashboards/{name}.sql"), params)
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, values, strict=True)) for values in cursor.fetchall()]


def _files_status(con: duckdb.DuckDBPyConnection) -> tuple[Row | None, dict[str, int]]:
    """The files source's summary and the reconciliation counts, when the build has them."""
    files = None
    if relation_exists(con, "faers_files.cases") and relation_exists(con, "faers_files.quarters"):
        (files,) = _query(con, "files_status")
        if not files["quarters"]:
            files = None
    reconciliation: dict[str, int] = {}
    if relation_exists(con, "main.source_reconciliation"):
        reconciliation = {
            row["status"]: row["cases"] for row in _query(con, "reconciliation_status")
        }
    return files, reconciliation


def _source_status(con: duckdb.DuckDBPyConnection, tables: frozenset[str]) -> SourceStatus:
    if "source_fetches" in tables:
        table, query = "source_fetches", "source_status"
    elif "reports" in tables:
        table, query = "reports", "source_status_from_reports"
    else:
        return SourceStatus(from_table=None)
    (row,) = _query(con, query)
    files, reconciliation = _files_status(con)
    return SourceStatus(
        from_table=table,
        first_fetched_at=row["first_fetched_at"],
        last_fetched_at=row["last_fetched_at"],
        source_last_updated=row["source_last_updated"],
        synthetic=row["synthetic"],
        quarters_fetched=int(row["quarters_fetched"] or 0),
        records=int(row["records"] or 0),
        source_base_urls=tuple(row["source_base_urls"] or ()),
        files=files,
        reconciliation=reconciliation,
    )


def _quality_status(con: duckdb.DuckDBPyConnection, tables: frozenset[str]) -> QualityStatus:
    if "data_quality" not in tables:
        return QualityStatus(available=False)
    rows = _query(con, "data_quality_status")
    failed = [row for row in rows if not row["success"]]
    return QualityStatus(
        available=True,
        expectations=len(rows),
        passed=len(rows) - len(failed),
        failed_warnings=sum(1 for row in failed if row["severity"] != "error"),
        failed_errors=sum(1 for row in failed if row["severity"] == "error"),
        suites=len({row["suite"] for row in rows}),
        validated_at=max((row["validated_at"] for row in rows), default=None),
        failures=tuple(failed),
    )
