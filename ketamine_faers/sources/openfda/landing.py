"""Lands one quarter of openFDA records, verbatim, in the raw database.

Guarantees: a quarter is replaced as a whole in one DuckDB transaction after every page has
arrived, so a re-run never duplicates, a failed fetch never loses the previous copy, and the
landed rows carry no URL or key (only the base address, in ``raw_fetches``).

Incremental refresh (:func:`refresh_quarter`): a quarter already landed completely is first
probed with one ``limit=0`` request, whose answer carries openFDA's total for the quarter and
its ``meta.last_updated``. openFDA rebuilds its dataset only when ``last_updated`` moves, so a
quarter whose stored fetch came from the same base address, at the same ``last_updated``,
with the same total (and every record stored) is kept as it is instead of being refetched.

A fetch that ends short of the total openFDA announced (paging stopped early, records gone
between pages) never replaces a complete stored copy of the quarter: the stored copy is
kept and the result says so (``kept_stored``, ``shortfall``, status ``kept``). A short first
landing is stored, as the best there is, and flagged the same way.
"""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime

import duckdb

from ketamine_faers.http import redact_url
from ketamine_faers.quarters import quarter_bounds
from ketamine_faers.sources.openfda.client import OpenFDAClient, product_search
from ketamine_faers.sql_files import read_sql, run_sql

log = logging.getLogger(__name__)

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
    kept_stored: bool = False  # short fetch: the complete stored copy was kept instead

    @property
    def complete(self) -> bool:
        """openFDA's total and the records fetched agree."""
        return self.records == self.api_total

    @property
    def shortfall(self) -> int:
        """Records openFDA announced that the fetch did not bring (0 when complete)."""
        return max(0, self.api_total - self.records)

    def as_dict(self) -> dict:
        return {**asdict(self), "complete": self.complete}


def land_quarter(
    client: OpenFDAClient, con: duckdb.DuckDBPyConnection, quarter: str
) -> LandingResult:
    """Fetch every record of ``quarter`` and swap it in for the stored copy."""
    started = datetime.now(UTC).replace(tzinfo=None)
    requests_before, retries_before = client.stats.requests, client.stats.retries
    start, end = quarter_bounds(quarter)
    run_sql(con, "operations/raw_landing/create_incoming_records.sql")
    staged = pages = api_total = surrogates_repaired = 0
    last_updated: str | None = None
    synthetic = False
    for page in client.iter_pages(product_search(start, end)):
        if pages == 0:
            api_total, last_updated, synthetic = page.total, page.last_updated, page.synthetic
        body, repaired = repair_lone_surrogates(page.body)
        surrogates_repaired += repaired
        run_sql(con, "operations/raw_landing/insert_incoming_page.sql", [body, staged])
        staged += len(page.records)
        pages += 1
    requests = client.stats.requests - requests_before
    retries = client.stats.retries - retries_before
    stored = stored_fetch(con, quarter) if staged < api_total else None
    kept_stored = stored is not None and stored.complete
    if kept_stored:
        log.warning(
            "%s: the fetch ended at %d of the %d records openFDA announced; keeping the "
            "complete copy stored",
            quarter,
            staged,
            api_total,
        )
        run_sql(con, "operations/raw_landing/drop_incoming_records.sql")
    elif staged < api_total:
        log.warning(
            "%s: the fetch ended at %d of the %d records openFDA announced; storing it, "
            "flagged incomplete",
            quarter,
            staged,
            api_total,
        )
    result = LandingResult(
        quarter=quarter,
        records=staged,
        api_total=api_total,
        requests=requests,
        retries=retries,
        pages=pages,
        source_last_updated=last_updated,
        synthetic=synthetic,
        surrogates_repaired=surrogates_repaired,
        kept_stored=kept_stored,
        seconds=0.0,
    )
    if not kept_stored:
        _swap_in(con, result, started, redact_url(client.base_url))
    seconds = (datetime.now(UTC).replace(tzinfo=None) - started).total_seconds()
    return replace(result, seconds=round(seconds, 3))


def _swap_in(
    con: duckdb.DuckDBPyConnection, result: LandingResult, started: datetime, base_url: str
) -> None:
    """Replace the stored quarter by the staged records and record the fetch, atomically."""
    con.begin()
    try:
        run_sql(
            con,
            "operations/raw_landing/replace_raw_quarter.sql",
            [result.quarter, started, _as_date(result.source_last_updated)],
        )
        run_sql(
            con,
            "operations/raw_landing/upsert_raw_fetch.sql",
            [
                result.quarter,
                started,
                result.records,
                result.api_total,
                result.requests,
                result.retries,
                base_url,
                _as_date(result.source_last_updated),
                result.synthetic,
            ],
        )
        con.commit()
    except BaseException:
        con.rollback()
        raise
    run_sql(con, "operations/raw_landing/drop_incoming_records.sql")


@dataclass(frozen=True)
class StoredFetch:
    """A quarter's row of ``raw_fetches``: what its last complete fetch brought."""

    quarter: str
    fetched_at: datetime
    records: int
    api_total: int
    source_base_url: str
    source_last_updated: date | None
    synthetic: bool

    @property
    def complete(self) -> bool:
        return self.records == self.api_total


@dataclass(frozen=True)
class Probe:
    """openFDA's answer now, for a quarter's search: its total and ``meta.last_updated``
    (None when the quarter has no report: openFDA's 404 carries no meta)."""

    quarter: str
    total: int
    last_updated: str | None
    requests: int


@dataclass(frozen=True)
class QuarterRefresh:
    """What :func:`refresh_quarter` did with one quarter and why.

    ``status`` is ``unchanged`` (kept, only probed), ``refetched`` (landed again),
    ``landed`` (first landing) or ``kept`` (fetched again, but short of openFDA's total, so
    the complete stored copy was kept; ``records`` and ``api_total`` are the short fetch's,
    so the shortfall shows wherever they disagree)."""

    quarter: str
    status: str
    reason: str
    landing: LandingResult | None
    stored: StoredFetch | None
    probe_requests: int

    @property
    def records(self) -> int:
        source = self.landing or self.stored
        return source.records if source else 0

    @property
    def api_total(self) -> int:
        source = self.landing or self.stored
        return source.api_total if source else 0

    @property
    def requests(self) -> int:
        return self.probe_requests + (self.landing.requests if self.landing else 0)

    @property
    def source_last_updated(self) -> str | None:
        """openFDA's ``last_updated`` of the copy now stored."""
        if self.landing is not None and not self.landing.kept_stored:
            return self.landing.source_last_updated
        updated = self.stored.source_last_updated if self.stored else None
        return updated.isoformat() if updated else None

    @property
    def synthetic(self) -> bool:
        source = self.landing or self.stored
        return bool(source and source.synthetic)


def stored_fetch(con: duckdb.DuckDBPyConnection, quarter: str) -> StoredFetch | None:
    rows = con.execute(
        read_sql("operations/raw_landing/select_raw_fetch.sql"), {"quarter": quarter}
    ).fetchall()
    return StoredFetch(quarter, *rows[0]) if rows else None


def probe_quarter(client: OpenFDAClient, quarter: str) -> Probe:
    """One ``limit=0`` request for the quarter's search: total and ``last_updated``."""
    before = client.stats.requests
    start, end = quarter_bounds(quarter)
    pages = client.iter_pages(product_search(start, end), limit=0)
    try:
        page = next(pages, None)
    finally:
        pages.close()
    total, last_updated = (page.total, page.last_updated) if page else (0, None)
    return Probe(quarter, total, last_updated, client.stats.requests - before)


def unchanged_reason(stored: StoredFetch, probe: Probe, base_url: str) -> str | None:
    """Why the stored copy of a quarter still is openFDA's, or None when it may not be."""
    if not stored.complete or stored.source_base_url != base_url or probe.total != stored.api_total:
        return None
    if probe.total == 0:
        return "openFDA still has no report in the quarter"
    current = _as_date(probe.last_updated)
    if current is None or current != stored.source_last_updated:
        return None
    return f"openFDA last_updated {current} and total {probe.total} as stored"


def refresh_quarter(
    client: OpenFDAClient,
    con: duckdb.DuckDBPyConnection,
    quarter: str,
    *,
    force: bool = False,
) -> QuarterRefresh:
    """Land ``quarter`` unless its stored copy is provably openFDA's current one (see the
    module's docstring); ``force`` always lands it."""
    stored = stored_fetch(con, quarter)
    probe_requests = 0
    if stored is None:
        reason = "never landed"
    elif force:
        reason = "refetch forced"
    elif not stored.complete:
        reason = f"stored {stored.records} of {stored.api_total} records"
    else:
        probe = probe_quarter(client, quarter)
        probe_requests = probe.requests
        unchanged = unchanged_reason(stored, probe, redact_url(client.base_url))
        if unchanged:
            return QuarterRefresh(quarter, "unchanged", unchanged, None, stored, probe_requests)
        reason = (
            f"openFDA now: last_updated {probe.last_updated}, total {probe.total}; stored: "
            f"{stored.source_last_updated}, {stored.api_total} from {stored.source_base_url}"
        )
    landing = land_quarter(client, con, quarter)
    status = "landed" if stored is None else "refetched"
    if landing.shortfall:
        short = f"fetch ended short: {landing.records} of {landing.api_total} records"
        if landing.kept_stored and stored is not None:
            status = "kept"
            reason += (
                f"; {short}, so the complete copy stored at {stored.fetched_at:%Y-%m-%d %H:%M} "
                f"({stored.records} records) was kept"
            )
        else:
            reason += f"; {short}, stored and flagged incomplete"
    return QuarterRefresh(quarter, status, reason, landing, stored, probe_requests)


def quarters_landed_since(con: duckdb.DuckDBPyConnection, since: datetime) -> set[str]:
    """Quarters whose last complete fetch started at or after ``since`` (UTC)."""
    query = read_sql("operations/raw_landing/select_quarters_landed_since.sql")
    return {quarter for (quarter,) in con.execute(query, {"since": since}).fetchall()}


def _as_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
