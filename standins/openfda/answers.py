"""The backend's answer to one request, before HTTP framing and faults: parameter and
query checks, the ``meta`` block, the page of results or count buckets, the next-page link
and the error bodies, as openFDA's ``api.js`` assembles them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .corpus import Corpus
from .errors import ApiError, QueryError, QuerySyntaxError, bad_request, escape_html, server_error
from .paging import Ordering, next_link, parse_search_after
from .params import ApiRequest, check_params
from .query import is_supported
from .sorting import ID_KEY, check_sort, sort_keys
from .values import as_text

DISCLAIMER = (
    "Do not rely on openFDA to make decisions regarding medical care. While we make every "
    "effort to ensure that data is accurate, you should assume all results are unvalidated. "
    "We may limit or otherwise restrict your access to the API in line with our Terms of "
    "Service."
)


@dataclass(frozen=True)
class Answer:
    """What the backend answers to one request, before HTTP framing and faults."""

    status: int
    payload: dict[str, Any]
    link: str | None = None
    ids: tuple[str, ...] = ()
    n_results: int = 0
    total: int | None = None


def _meta(last_updated: str) -> dict[str, Any]:
    return {
        "disclaimer": DISCLAIMER,
        "terms": "https://open.fda.gov/terms/",
        "license": "https://open.fda.gov/license/",
        "last_updated": last_updated,
    }


def _public(record: Mapping[str, Any]) -> Mapping[str, Any]:
    """The record without openFDA's internal ``@`` fields."""
    if any(key.startswith("@") for key in record):
        return {key: value for key, value in record.items() if not key.startswith("@")}
    return record


def answer_request(
    corpus: Corpus, pairs: Sequence[tuple[str, str]], *, last_updated: str, link_base: str
) -> Answer:
    """Answer one ``/drug/event.json`` request (``api_key`` already removed)."""
    try:
        request = check_params(pairs)
        if request.search and not is_supported(request.search):
            raise bad_request(f"Search not supported: {escape_html(request.search)}")
        check_sort(request.sort)
        try:
            if request.count:
                return _answer_count(corpus, request, last_updated)
            return _answer_search(corpus, request, last_updated, link_base)
        except (QuerySyntaxError, QueryError) as exc:
            raise _query_failure(request.search, exc) from exc
    except ApiError as exc:
        return Answer(exc.status, exc.payload())


def _query_failure(search: str, exc: Exception) -> ApiError:
    if isinstance(exc, QuerySyntaxError):
        return server_error(
            f"[query_shard_exception] Failed to parse query [{search}]: Cannot parse "
            f"'{search}': {exc}"
        )
    return server_error(str(exc))


def _answer_search(
    corpus: Corpus, request: ApiRequest, last_updated: str, link_base: str
) -> Answer:
    keys = sort_keys(request.sort)
    if request.limit == 0 and not request.search_after and keys == (ID_KEY,):
        # Only the total is asked for, and ordering by _id alone cannot fail: the hits
        # need no ordering (no page is cut from them, no sort value is read).
        ordering = Ordering(keys, corpus.matching(request.search), [])
    else:
        ordering = corpus.ordered(request.search, keys)
    total = len(ordering.rows)
    start = request.skip
    if request.search_after:
        start = ordering.after(parse_search_after(request.search_after, ordering.keys))
    stop = start + request.limit
    rows = ordering.rows[start:stop]
    if not rows and not (request.limit == 0 and total > 0):
        raise ApiError("NOT_FOUND", "No matches found!")
    meta = _meta(last_updated)
    meta["results"] = {"skip": request.skip, "limit": request.limit, "total": total}
    payload = {"meta": meta, "results": [_public(corpus.records[row]) for row in rows]}
    last_values = ordering.values[start + len(rows) - 1] if rows else ()
    link = next_link(request, total, len(rows), last_values, ordering.keys, link_base)
    ids = tuple(as_text(corpus.records[row].get("safetyreportid", "")) for row in rows)
    return Answer(200, payload, link, ids, len(rows), total)


def _answer_count(corpus: Corpus, request: ApiRequest, last_updated: str) -> Answer:
    buckets = corpus.count(request.search, request.count)
    if not buckets:
        raise ApiError("NOT_FOUND", "Nothing to count")
    if "term" in buckets[0]:
        buckets = buckets[: request.limit]
    return Answer(200, {"meta": _meta(last_updated), "results": buckets}, n_results=len(buckets))
