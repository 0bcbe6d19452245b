"""The openFDA requests that give the background of the disproportionality tables.

Why these numbers
-----------------
For product P (ketamine or esketamine), event E (one effect term, or any term of a category in
one scope) and a window W (a quarter, or every loaded quarter summed), ``signals`` needs::

    a = reports with P and E               from our clean tables (any role / suspect only)
    b = reports with P without E           = our P reports - a
    c = reports with E among non-P reports = E reports in all FAERS - our P-any-role reports with E
    d = the rest                           = all FAERS reports - our P-any-role reports - c

Only the two all-FAERS numbers need openFDA: the number of reports in W, and the number of
reports in W carrying E. Each is one ``total`` request (``search=...&limit=0`` then
``meta.results.total``) per quarter. Counts of a window are sums of its quarters: every report
has a single ``receivedate`` and so a single quarter.

Design choices (the SQL in ``sql/intermediate/int_signal_counts.sql`` implements them):

* **Comparator = all reports that don't name P in any role.** For "suspect only" exposure,
  a and b count reports where P is a suspect drug (openFDA can't filter role per drug, so
  these come from our fetched reports), but c and d still exclude every report naming P in
  any role: reports where P is only concomitant are neither exposed nor comparator.
* **Probable duplicates** (``reports.is_probable_duplicate``) are left out of a and b. They
  are still removed from c and d (which use every fetched P report), because openFDA's
  background totals can't be deduplicated; they simply drop out of the table.
* **Case variants.** Older FAERS reports spell terms in upper case (``BLOOD PRESSURE
  INCREASED``), newer ones in MedDRA case, and whether ``.exact`` matching is case sensitive is
  not documented. Every term is therefore searched in both spellings, OR-ed.
* **One count query for the terms, totals where it falls short.** A single
  ``count=patient.reaction.reactionmeddrapt.exact&limit=1000`` request gives every term's
  report count for the quarter; both spellings of a term are summed (a report carrying both
  spellings of one term, which openFDA would count twice, is vanishingly rare). openFDA
  returns only the 1,000 most frequent terms: when the answer holds fewer than 1,000 buckets it
  is complete and an absent term has 0 reports; when it is cut, each effect term missing from
  it gets its own exact ``total`` request. Categories are always one ``total`` each, with all
  the category's terms OR-ed, so each report is counted once. This keeps a quarter to about
  ten requests, so a keyless full load fits openFDA's 1,000 requests a day as nearly as
  possible (see below).

Per quarter, :func:`background_queries` therefore lists (all ``kind='total'``; RANGE is
``receivedate:[YYYYMMDD TO YYYYMMDD]``, PT is ``patient.reaction.reactionmeddrapt.exact``)::

    measure            key                   search
    total_reports      'all'                 RANGE
    product_reports    'ketamine'            (<each product field>:(ketamine OR ketalar OR
                                              ketaset) OR ...) AND RANGE
    product_reports    'esketamine'          (<each product field>:(esketamine OR spravato)
                                              OR ...) AND RANGE
    category_reports   '<category>/<scope>'  RANGE AND PT:("Term" OR "TERM" OR ...), every
                                              term of the category in that scope
    reports_with_term  '<MedDRA term>'       count=PT over RANGE (one request for all terms);
                                              RANGE AND PT:("Term" OR "TERM") as a total
                                              only when the count answer was cut at 1,000

that is 1 + 2 + 6 + 1 = 10 requests a quarter in the usual case. ``product_reports``
is not a cell of the 2x2 table (our own P reports are, so that role and duplicates can be
applied); it is stored for reconciliation and shown beside the signals. It can exceed our own
count: openFDA matches analysed tokens, so ``S-KETAMINE`` (esketamine) also counts as
``ketamine`` there, while the clean tables tell the two apart. Without an API key
(1,000 requests a day) a full backfill of the background takes several days of cached
progress; with a key it is minutes. A weekly refresh touches only the newest quarters.

The rows are written to ``background_counts``
(``sql/operations/raw_landing/create_background_counts.sql``) in the raw database;
:func:`fetch_background_counts` does that with the project's openFDA client.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal, Protocol

import duckdb
import pandas as pd

from ketamine_faers.catalog import relation_exists
from ketamine_faers.paths import EFFECT_TERMS_CSV
from ketamine_faers.quarters import quarter_bounds
from ketamine_faers.sources.openfda.client import PRODUCT_FIELDS, receivedate_range
from ketamine_faers.sql_files import read_sql
from ketamine_faers.vocabulary import PRODUCT_NAMES

REACTION_FIELD = "patient.reaction.reactionmeddrapt.exact"


MEASURES = ("total_reports", "product_reports", "category_reports", "reports_with_term")
SCOPES = ("narrow", "broad")

# Characters a MedDRA term may hold inside a quoted openFDA phrase: a subset of openFDA's
# allowed search characters (docs/sources/openfda-api-notes.md §6) without the quote itself.
_SAFE_TERM = re.compile(r"^[0-9A-Za-z ,'/().\-]+$")


@dataclass(frozen=True)
class BackgroundQuery:
    """One openFDA request and where its answer goes in ``background_counts``."""

    measure: str
    key: str
    search: str
    kind: Literal["total", "count"] = "total"
    count_field: str | None = None


class CountingClient(Protocol):
    def total(self, search: str) -> int: ...

    def count(
        self, search: str | None, field: str, *, limit: int = 1000
    ) -> list[tuple[str, int]]: ...


#: openFDA's cap on count buckets; an answer this long may have been cut.
COUNT_LIMIT = 1000


def _term_spellings(term: str) -> list[str]:
    if not _SAFE_TERM.match(term):
        raise ValueError(
            f"effect term {term!r} has a character openFDA's search can't carry inside a "
            "quoted phrase; fix reference/effect_terms.csv"
        )
    spellings = [term, term.upper()]
    return list(dict.fromkeys(spellings))


def _any_term(terms: Iterable[str]) -> str:
    spellings: list[str] = []
    for term in terms:
        spellings.extend(_term_spellings(term))
    quoted = " OR ".join(f'"{s}"' for s in dict.fromkeys(spellings))
    return f"{REACTION_FIELD}:({quoted})"


def product_search(product: str, start: date, end: date) -> str:
    names = " OR ".join(PRODUCT_NAMES[product])
    fields = " OR ".join(f"{field}:({names})" for field in PRODUCT_FIELDS)
    return f"({fields}) AND {receivedate_range(start, end)}"


def background_queries(
    quarter_start: date,
    quarter_end: date,
    effect_terms: Sequence[tuple[str, str, str]],
) -> list[BackgroundQuery]:
    """The requests for one quarter's background, in a stable order. The searches depend only
    on the set of terms, not on their order, so they can be compared with cached ones.

    ``effect_terms`` holds (category, term, scope) rows as in ``reference/effect_terms.csv``
    (scope 'narrow' rows belong to both scopes, 'broad' rows to the broad scope only).
    Raises ValueError for an unknown scope or a term openFDA's search can't carry.
    """
    if quarter_end < quarter_start:
        raise ValueError(f"quarter_end {quarter_end} is before quarter_start {quarter_start}")
    window = receivedate_range(quarter_start, quarter_end)
    queries = [BackgroundQuery("total_reports", "all", window)]
    for product in PRODUCT_NAMES:
        queries.append(
            BackgroundQuery(
                "product_reports", product, product_search(product, quarter_start, quarter_end)
            )
        )

    by_category: dict[tuple[str, str], list[str]] = {}
    terms: list[str] = []
    for category, term, scope in effect_terms:
        if scope not in SCOPES:
            raise ValueError(f"effect term {term!r} has scope {scope!r}; expected narrow or broad")
        scopes = SCOPES if scope == "narrow" else ("broad",)
        for in_scope in scopes:
            by_category.setdefault((category, in_scope), []).append(term)
        if term not in terms:
            terms.append(term)

    for (category, scope), members in sorted(by_category.items()):
        queries.append(
            BackgroundQuery(
                "category_reports",
                f"{category}/{scope}",
                f"{window} AND {_any_term(sorted(set(members)))}",
            )
        )
    for term in sorted(terms):
        queries.append(
            BackgroundQuery(
                "reports_with_term",
                term,
                f"{window} AND {_any_term([term])}",
                kind="count",
                count_field=REACTION_FIELD,
            )
        )
    return queries


def _fetch_last_updated(raw_con: duckdb.DuckDBPyConnection, quarter: str) -> date | None:
    if not relation_exists(raw_con, "raw_fetches"):
        return None
    rows = raw_con.execute(
        read_sql("operations/raw_landing/select_fetch_last_updated.sql"), {"quarter": quarter}
    ).fetchall()
    return rows[0][0] if rows else None


def load_effect_terms(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(category, term, scope) rows of a loaded ``effect_terms`` table."""
    return [
        (category, term, scope)
        for category, term, scope in con.execute(
            read_sql("operations/effects/select_effect_terms.sql")
        ).fetchall()
    ]


def counts_are_current(raw_con: duckdb.DuckDBPyConnection, quarter: str) -> bool:
    """True when every cached count of ``quarter`` was fetched after the quarter's reports
    were last landed and at the same openFDA ``last_updated``: openFDA has not changed since,
    so fetching them again would bring the same numbers."""
    raw_con.execute(read_sql("operations/raw_landing/create_background_counts.sql"))
    row = raw_con.execute(
        read_sql("operations/raw_landing/select_background_current.sql"), {"quarter": quarter}
    ).fetchall()
    return bool(row and row[0][0])


def fetch_background_counts(
    client: CountingClient,
    raw_con: duckdb.DuckDBPyConnection,
    quarter: str,
    effect_terms: Sequence[tuple[str, str, str]],
    *,
    synthetic: bool,
    source_last_updated: date | None = None,
    only_missing: bool = False,
) -> int:
    """Fetch one quarter's background and upsert it into ``background_counts`` of the raw
    database; returns the number of requests sent.

    With ``only_missing``, rows already cached with the same search are not fetched again
    (the cheap path for old quarters; a changed term list changes the searches, so exactly
    the affected rows are refetched). ``source_last_updated`` defaults to the openFDA
    ``meta.last_updated`` recorded for the quarter's report fetch in ``raw_fetches``, when
    there is one. A quarter's rows are written together once all are fetched; signals
    ignore an event until every quarter of a window has it.
    """
    start, end = quarter_bounds(quarter)
    raw_con.execute(read_sql("operations/raw_landing/create_background_counts.sql"))
    if source_last_updated is None:
        source_last_updated = _fetch_last_updated(raw_con, quarter)
    cached = {
        (measure, key): search
        for measure, key, search in raw_con.execute(
            read_sql("operations/raw_landing/select_cached_background.sql"), {"quarter": quarter}
        ).fetchall()
    }
    fetched_at = datetime.now(UTC).replace(tzinfo=None)
    upsert = read_sql("operations/raw_landing/upsert_background_count.sql")
    sent = 0
    term_counts: dict[str, int] | None = None
    complete = True
    rows: list[dict] = []
    for query in background_queries(start, end, effect_terms):
        if only_missing and cached.get((query.measure, query.key)) == query.search:
            continue
        if query.kind == "count":
            if term_counts is None:
                buckets = client.count(
                    receivedate_range(start, end), REACTION_FIELD, limit=COUNT_LIMIT
                )
                sent += 1
                term_counts, complete = _counts_by_term(buckets), len(buckets) < COUNT_LIMIT
            report_count = term_counts.get(query.key.lower())
            if report_count is None and complete:
                report_count = 0
        else:
            report_count = None
        if report_count is None:
            report_count = client.total(query.search)
            sent += 1
        rows.append(
            {
                "quarter": quarter,
                "measure": query.measure,
                "key": query.key,
                "search": query.search,
                "report_count": report_count,
                "fetched_at": fetched_at,
                "source_last_updated": source_last_updated,
                "synthetic": synthetic,
            }
        )
    # One statement per quarter: a statement per row costs milliseconds each on a file
    # database; an interrupted quarter is simply fetched again.
    if rows:
        raw_con.register("incoming_background", pd.DataFrame(rows, columns=list(rows[0])))
        try:
            raw_con.execute(upsert)
        finally:
            raw_con.unregister("incoming_background")
    return sent


def _counts_by_term(buckets: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Report counts per lower-cased term, spellings that differ only in case summed."""
    counts: dict[str, int] = {}
    for term, count in buckets:
        counts[term.lower()] = counts.get(term.lower(), 0) + count
    return counts


def effect_terms_from_csv(path: Path | None = None) -> list[tuple[str, str, str]]:
    """(category, term, scope) rows of ``reference/effect_terms.csv``, for fetching the
    background before the build database has loaded the table."""
    path = path or EFFECT_TERMS_CSV
    with path.open(newline="", encoding="utf-8") as handle:
        return sorted((r["category"], r["term"], r["scope"]) for r in csv.DictReader(handle))
