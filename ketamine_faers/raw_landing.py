"""Lands one quarter of openFDA records, verbatim, in the raw database.

Guarantees: a quarter is replaced as a whole in one DuckDB transaction after every page has
arrived, so a re-run never duplicates, a failed fetch never loses the previous copy, and the
landed rows carry no URL or key (only the base address, in ``raw_fetches``).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from ketamine_faers.openfda_client import OpenFDAClient, product_search
from ketamine_faers.quarters import quarter_bounds
from ketamine_faers.sql_files import run_sql

# A \uD800-\uDFFF escape without its partner: valid JSON, but no character, and DuckDB's JSON
# type refuses it (the whole quarter would fail on every run).
_LONE_SURROGATE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def repair_lone_surrogates(body: str) -> tuple[str, int]:
    """Replace each unpaired surrogate escape with U+FFFD (the replacement character), the
    only way to store such a string as text; returns the body and the number replaced."""
    if "\\u" not in body:
        return body, 0
    return _LONE_SURROGATE.subn(r"\\ufffd", body)


@dataclass(frozen=True)
class LandingResult:
    quarter: str
    records: int
    api_total: int
    requests: int
    retries: int
    pages: int
    source_last_updated: str | None
    synthetic: bool
    seconds: float
    surrogates_repaired: int = 0  # lone \uD800-\uDFFF escapes stored as U+FFFD

    @property
    def complete(self) -> bool:
        """openFDA's total and the records stored agree."""
        return self.records == self.api_total

    def as_dict(self) -> dict:
        return {**asdict(self), "complete": self.complete}


def connect_raw(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the raw database, creating its tables on first use."""
    if read_only:
        return duckdb.connect(str(path), read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    run_sql(con, "raw/create_raw_records.sql")
    return con


def land_quarter(
    client: OpenFDAClient, con: duckdb.DuckDBPyConnection, quarter: str
) -> LandingResult:
    """Fetch every record of ``quarter`` and swap it in for the stored copy."""
    started = datetime.now(UTC).replace(tzinfo=None)
    requests_before, retries_before = client.stats.requests, client.stats.retries
    start, end = quarter_bounds(quarter)
    run_sql(con, "raw/create_incoming_records.sql")
    staged = pages = api_total = surrogates_repaired = 0
    last_updated: str | None = None
    synthetic = False
    for page in client.iter_pages(product_search(start, end)):
        if pages == 0:
            api_total, last_updated, synthetic = page.total, page.last_updated, page.synthetic
        body, repaired = repair_lone_surrogates(page.body)
        surrogates_repaired += repaired
        run_sql(con, "raw/insert_incoming_page.sql", [body, staged])
        staged += len(page.records)
        pages += 1
    requests = client.stats.requests - requests_before
    retries = client.stats.retries - retries_before
    con.begin()
    try:
        run_sql(con, "raw/replace_raw_quarter.sql", [quarter, started, _as_date(last_updated)])
        run_sql(
            con,
            "raw/upsert_raw_fetch.sql",
            [
                quarter,
                started,
                staged,
                api_total,
                requests,
                retries,
                client.base_url,
                _as_date(last_updated),
                synthetic,
            ],
        )
        con.commit()
    except BaseException:
        con.rollback()
        raise
    con.execute("drop table if exists incoming_records")
    return LandingResult(
        quarter=quarter,
        records=staged,
        api_total=api_total,
        requests=requests,
        retries=retries,
        pages=pages,
        source_last_updated=last_updated,
        synthetic=synthetic,
        surrogates_repaired=surrogates_repaired,
        seconds=round((datetime.now(UTC).replace(tzinfo=None) - started).total_seconds(), 3),
    )


def quarters_landed_since(con: duckdb.DuckDBPyConnection, since: datetime) -> set[str]:
    """Quarters whose last complete fetch started at or after ``since`` (UTC)."""
    rows = con.execute("select quarter from raw_fetches where fetched_at >= ?", [since])
    return {quarter for (quarter,) in rows.fetchall()}


def _as_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
