"""A local stand-in for openFDA's ``GET /drug/event.json``, served over real HTTP.

openFDA cannot be reached from where this project is built and tests must not depend on it,
so the client is exercised against this server instead. It reproduces the backend's
observable behaviour (FDA/openfda ``api/faers``: ``api_request.js``, ``api.js``,
``traversal.js``) as written down in ``openfda-api-notes.md``: parameter checks and their exact
messages, the ``meta`` block, 404/400/500 bodies, ``skip`` and ``search_after`` paging with the
``Link`` header (including its quirks), ``count`` terms and date histograms. On top of that it
injects faults (:mod:`.faults`) and records what it served, so tests can prove that nothing
was lost.

Costs stay per page: records are indexed by ``receivedate`` so a date range narrows the
candidates before the matcher runs; what the matcher reads of a record (per field: its tokens,
its whole strings, its dates) is extracted once and kept, so a search costs a few
set lookups per candidate; and the ordered hit list of each ``(search, sort)`` is cached, so
paging does not re-evaluate the query.
"""

from __future__ import annotations

import bisect
import copy
import gzip
import hashlib
import ipaddress
import itertools
import json
import logging
import socket
import sys
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote_plus, urlsplit

from .faults import Fault, FaultPlan
from .query import (
    FIELD_TYPES,
    INTEGRAL_TYPES,
    QueryError,
    QuerySyntaxError,
    RecordViews,
    as_text,
    compile_search,
    date_millis,
    is_supported,
    millis_to_basic_date,
    number_value,
    resolve_field,
    scalar_values,
)

_log = logging.getLogger(__name__)

EVENT_PATH = "/drug/event.json"
DISCLAIMER = (
    "Do not rely on openFDA to make decisions regarding medical care. While we make every "
    "effort to ensure that data is accurate, you should assume all results are unvalidated. "
    "We may limit or otherwise restrict your access to the API in line with our Terms of "
    "Service."
)
OVER_RATE_LIMIT_MESSAGE = (
    "You have exceeded your rate limit. Try again later or contact us at "
    "https://api.fda.gov:443/contact/ for assistance"
)
EXPECTED_PARAMS = ("search", "count", "limit", "skip", "sort", "search_after")
MAX_SKIP = 25_000
MAX_LIMIT = 1_000
_LIMITLESS_COUNT_FIELDS = frozenset(
    name
    for base in ("openfda.generic_name", "openfda.brand_name", "openfda.substance_name")
    + ("drug.product_ndc",)
    for name in (base, base + ".exact")
)
# openFDA's DATE_FIELDS (FAERS part): sorting on a name ending in one of these is allowed.
_SORT_DATE_SUFFIXES = (
    "drugstartdate",
    "drugenddate",
    "patient.patientdeath.patientdeathdate",
    "patientdeathdate",
    "receiptdate",
    "receivedate",
    "transmissiondate",
)
_SORTABLE_TYPES = frozenset({"keyword", "short", "integer", "byte", "date"})
_LONG_MAX = 9_223_372_036_854_775_807
_LONG_MIN = -9_223_372_036_854_775_808
_FIELDDATA_ERROR = (
    "[illegal_argument_exception] Text fields are not optimised for operations that require "
    "per-document field data like aggregations and sorting, so these operations are disabled "
    "by default. Please use a keyword field instead. Alternatively, set fielddata=true on "
    "[{field}] in order to load field data by uninverting the inverted index. Note that this "
    "can use significant memory."
)
_BACKEND_HEADERS = (
    ("Content-Type", "application/json; charset=utf-8"),
    ("Cache-Control", "public, max-age=600"),
    ("Content-Security-Policy", "default-src 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "deny"),
    ("X-XSS-Protection", "1; mode=block"),
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Allow-Credentials", "true"),
    ("Vary", "Accept-Encoding"),
)
_GZIP_THRESHOLD = 1024  # Express's compression() leaves smaller bodies alone


class ApiError(Exception):
    """An openFDA error answer: ``{"error": {"code", "message"[, "details"]}}``."""

    STATUS = {"BAD_REQUEST": 400, "NOT_FOUND": 404, "SERVER_ERROR": 500}

    def __init__(self, code: str, message: str, details: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details

    @property
    def status(self) -> int:
        return self.STATUS[self.code]

    def payload(self) -> dict[str, Any]:
        error = {"code": self.code, "message": self.message}
        if self.details:
            error["details"] = self.details
        return {"error": error}


def _bad_request(message: str) -> ApiError:
    return ApiError("BAD_REQUEST", message)


def _server_error(details: str) -> ApiError:
    return ApiError("SERVER_ERROR", "Check your request and try again", details)


def escape_html(text: str) -> str:
    """npm escape-html, which openFDA applies to names and values echoed in messages."""
    for char, entity in (
        ("&", "&amp;"),
        ('"', "&quot;"),
        ("'", "&#39;"),
        ("<", "&lt;"),
        (">", "&gt;"),
    ):
        text = text.replace(char, entity)
    return text


def qs_encode(text: str) -> str:
    """Percent-encoding of Node's ``qs.stringify`` (RFC 3986: space is %20, only
    ``A-Za-z0-9-._~`` stay literal)."""
    return quote(text, safe="")


# --------------------------------------------------------------------------- parameters


@dataclass
class ApiRequest:
    """Parameters after openFDA's CheckParams. ``query`` is the request's own parameter list
    as the backend mutates it (values trimmed, ``skip``/``limit`` normalised and appended if
    absent); the ``Link`` URL is built from it."""

    query: list[list[str]]
    search: str = ""
    count: str = ""
    limit: int = 1
    skip: int = 0
    sort: str = ""
    search_after: str = ""


def _trimmed(value: str) -> str:
    value = value.strip()
    return value[:-3] if value.endswith("%20") else value


def _parse_int(value: str, name: str) -> int:
    if not value.isascii() or not value.isdigit():
        raise _bad_request(f"Invalid {name} parameter value.")
    return int(value)


def check_params(pairs: Sequence[tuple[str, str]]) -> ApiRequest:
    """openFDA's ``api_request.CheckParams``, same checks in the same order."""
    query = [[key, _trimmed(value)] for key, value in pairs]
    for key, _ in query:
        if key not in EXPECTED_PARAMS:
            raise _bad_request(f"Invalid parameter: {escape_html(key)}")
    names = [key for key, _ in query]
    if len(set(names)) != len(names):
        # Express turns a repeated name into an array, which CheckParams chokes on.
        raise _bad_request("")
    values = dict(query)
    request = ApiRequest(
        query=query,
        search=values.get("search", ""),
        count=values.get("count", ""),
        sort=values.get("sort", "").strip(),
        search_after=values.get("search_after", ""),
    )
    limit = _parse_int(values["limit"], "limit") if values.get("limit") else None
    skip = _parse_int(values["skip"], "skip") if values.get("skip") else 0
    if skip > MAX_SKIP:
        raise _bad_request(f"Skip value must {MAX_SKIP} or less.")
    if not request.count and limit is not None and limit > MAX_LIMIT:
        raise _bad_request(
            "Limit cannot exceed 1000 results for search requests. Use the skip or "
            "search_after param to get additional results."
        )
    count_max = 2_147_483_647 - 1000 if request.count in _LIMITLESS_COUNT_FIELDS else MAX_LIMIT
    if request.count and limit is not None and limit > count_max:
        raise _bad_request("Limit cannot exceed 1000 results for count requests.")
    if request.count and skip:
        raise _bad_request("Should not use skip param when using count.")
    if request.search_after and skip:
        raise _bad_request("The skip parameter is not supported when using search_after.")
    request.skip = skip
    request.limit = limit if limit is not None else (100 if request.count else 1)
    _set_param(query, "skip", str(request.skip))
    _set_param(query, "limit", str(request.limit))
    _set_param(query, "sort", request.sort, append=False)
    return request


def _set_param(query: list[list[str]], name: str, value: str, *, append: bool = True) -> None:
    for pair in query:
        if pair[0] == name:
            pair[1] = value
            return
    if append:
        query.append([name, value])


# --------------------------------------------------------------------------- sorting


@dataclass(frozen=True)
class SortKey:
    """One sort criterion. ``kind`` is ``id`` (the ``_id`` tie-breaker), ``date``,
    ``number`` or ``keyword``; missing values sort last in either direction."""

    name: str
    descending: bool
    kind: str
    parts: tuple[str, ...] = ()
    integral: bool = True


_ID_KEY = SortKey("_id", False, "id")


def check_sort(sort: str) -> None:
    """openFDA's BuildSort checks, answered with 400 before Elasticsearch is asked."""
    if not sort:
        return
    if not is_supported(sort):
        raise _bad_request(f"Sort not supported: {escape_html(sort)}")
    name = sort.split(":")[0]
    es_type = "date" if resolve_field(name).kind == "date" else FIELD_TYPES.get(name)
    if (
        "exact" not in sort
        and not name.endswith(_SORT_DATE_SUFFIXES)
        and es_type not in _SORTABLE_TYPES
    ):
        raise _bad_request(f"Sorting allowed by non-analyzed fields only: {escape_html(name)}")


def sort_keys(sort: str) -> tuple[SortKey, ...]:
    """``<sort>,_id`` or ``_id`` alone, as openFDA always sends to Elasticsearch."""
    keys = [_sort_key(item) for item in sort.split(",") if item.strip()] if sort else []
    return (*keys, _ID_KEY)


def _sort_key(item: str) -> SortKey:
    name, _, direction = item.strip().partition(":")
    if name == "_id":
        kind, spec = "id", None
    else:
        spec = resolve_field(name)
        kind = spec.kind
    if direction not in ("", "asc", "desc"):
        raise QueryError(f"[illegal_argument_exception] Unknown sort order [{direction}]")
    if kind == "text":
        raise QueryError(_FIELDDATA_ERROR.format(field=name))
    if kind not in ("id", "date", "number", "keyword"):
        raise QueryError(
            f"[query_shard_exception] No mapping found for [{name}] in order to sort on"
        )
    parts = spec.parts if spec else ()
    integral = spec is None or spec.es_type in INTEGRAL_TYPES or kind != "number"
    return SortKey(name, direction == "desc", kind, parts, integral)


def _comparable(value: Any, key: SortKey) -> Any:
    if key.kind == "date":
        return date_millis(as_text(value))
    if key.kind == "number":
        number = number_value(value)
        return int(number) if number is not None and key.integral else number
    return as_text(value)


def _sort_value(record: Mapping[str, Any], key: SortKey) -> Any:
    present = [
        value
        for value in (_comparable(raw, key) for raw in scalar_values(record, key.parts))
        if value is not None
    ]
    if not present:
        return None
    return max(present) if key.descending else min(present)


def _compare(left: tuple[Any, ...], right: tuple[Any, ...], keys: Sequence[SortKey]) -> int:
    for key, a, b in zip(keys, left, right, strict=True):
        if a == b:
            continue
        if a is None:
            return 1
        if b is None:
            return -1
        order = -1 if a < b else 1
        return -order if key.descending else order
    return 0


def _wire_value(value: Any, key: SortKey) -> Any:
    """The sort value Elasticsearch reports for a hit (missing numbers become long limits)."""
    if value is None and key.kind in ("date", "number"):
        return _LONG_MIN if key.descending else _LONG_MAX
    return value


def _read_value(text: str, key: SortKey) -> Any:
    if key.kind == "id":
        return text
    if key.kind == "keyword":
        return text or None
    value = date_millis(text) if key.kind == "date" else number_value(text)
    if value is None:
        raise QueryError(
            f"[illegal_argument_exception] failed to parse search_after value [{text}] "
            f"for field [{key.name}]"
        )
    if value in (_LONG_MAX, _LONG_MIN):
        return None
    return int(value) if key.integral else value


def parse_search_after(text: str, keys: Sequence[SortKey]) -> tuple[Any, ...]:
    """``qs.parse(value, {delimiter: ';'})`` then ``_.values``: integer keys in order."""
    parsed: dict[str, str] = {}
    for segment in text.split(";"):
        if segment:
            name, _, value = segment.partition("=")
            parsed.setdefault(unquote_plus(name), unquote_plus(value))
    ordered = sorted((k for k in parsed if k.isdigit()), key=int) + [
        k for k in parsed if not k.isdigit()
    ]
    if len(ordered) != len(keys):
        raise QueryError(
            f"[illegal_argument_exception] search_after has {len(ordered)} value(s) but sort "
            f"has {len(keys)}."
        )
    return tuple(_read_value(parsed[name], key) for name, key in zip(ordered, keys, strict=True))


def encode_search_after(values: Sequence[Any]) -> str:
    """``qs.stringify(sortValues, {delimiter: ';'})``: ``0=<v0>;1=<v1>``."""
    return ";".join(
        f"{index}={qs_encode('' if value is None else str(value))}"
        for index, value in enumerate(values)
    )


# --------------------------------------------------------------------------- corpus


def document_ids(records: Sequence[Mapping[str, Any]]) -> list[str]:
    """Stable internal ``_id`` per record: a digest of its ``safetyreportid`` (and which
    occurrence of it), so ids survive records being added or removed elsewhere."""
    seen: Counter[str] = Counter()
    ids = []
    for position, record in enumerate(records):
        report_id = record.get("safetyreportid")
        if isinstance(report_id, str) and report_id:
            key = f"{report_id}#{seen[report_id]}"
            seen[report_id] += 1
        else:
            key = f"@{position}"
        ids.append(hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:20])
    return ids


@dataclass(frozen=True)
class Ordering:
    """The hits of one ``(search, sort)`` in order, with their sort values."""

    keys: tuple[SortKey, ...]
    rows: list[int]
    values: list[tuple[Any, ...]]

    def after(self, marker: tuple[Any, ...]) -> int:
        """Index of the first hit that sorts strictly after ``marker`` (search_after)."""
        low, high = 0, len(self.rows)
        while low < high:
            middle = (low + high) // 2
            if _compare(self.values[middle], marker, self.keys) <= 0:
                low = middle + 1
            else:
                high = middle
        return low


class Corpus:
    """An immutable set of records with a ``receivedate`` index, the matcher's per-record
    views (:class:`RecordViews`) and a small LRU cache of query results. Replacing records
    means building a new Corpus, so none of these outlive the records they describe."""

    CACHE_SIZE = 64

    def __init__(self, records: Sequence[Mapping[str, Any]]) -> None:
        for position, record in enumerate(records):
            if not isinstance(record, Mapping):
                raise TypeError(f"record {position} is a {type(record).__name__}, not a dict")
        self.records: list[dict[str, Any]] = [
            record if type(record) is dict else dict(record) for record in records
        ]
        self.ids = document_ids(self.records)
        dated = sorted(
            (millis, row)
            for row, record in enumerate(self.records)
            if (millis := date_millis(as_text(record.get("receivedate", "")))) is not None
        )
        self._dates = [millis for millis, _ in dated]
        self._dated_rows = [row for _, row in dated]
        self.views = RecordViews(self.records)
        self._cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.records)

    def _cached(self, key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        value = build()
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > self.CACHE_SIZE:
                self._cache.popitem(last=False)
        return value

    def matching(self, search: str) -> list[int]:
        """Rows matching ``search`` (raises QuerySyntaxError/QueryError)."""
        return self._cached(("match", search), lambda: self._match(search))

    def _match(self, search: str) -> list[int]:
        compiled = compile_search(search)
        bounds = compiled.bounds("receivedate")
        if bounds is None:
            return compiled.select(self.views)
        low, high = bounds
        start = 0 if low is None else bisect.bisect_left(self._dates, low)
        stop = len(self._dates) if high is None else bisect.bisect_right(self._dates, high)
        return compiled.select(self.views, self._dated_rows[start:stop])

    def ordered(self, search: str, keys: tuple[SortKey, ...]) -> Ordering:
        return self._cached(("order", search, keys), lambda: self._order(search, keys))

    def _order(self, search: str, keys: tuple[SortKey, ...]) -> Ordering:
        rows = self.matching(search)
        if keys == (_ID_KEY,):  # no sort: by _id alone, which every row has
            ids = self.ids
            ordered = sorted(rows, key=ids.__getitem__)
            return Ordering(keys, ordered, [(ids[row],) for row in ordered])
        values = [
            tuple(
                self.ids[row] if key.kind == "id" else _sort_value(self.records[row], key)
                for key in keys
            )
            for row in rows
        ]
        positions = list(range(len(rows)))
        for index in reversed(range(len(keys))):  # stable sorts, least significant key first
            positions.sort(
                key=_sort_key_fn(values, index, keys[index]), reverse=keys[index].descending
            )
        return Ordering(keys, [rows[p] for p in positions], [values[p] for p in positions])

    def count(self, search: str, field_name: str) -> list[dict[str, Any]]:
        return self._cached(("count", search, field_name), lambda: self._count(search, field_name))

    def _count(self, search: str, field_name: str) -> list[dict[str, Any]]:
        rows = self.matching(search)
        if not rows:
            raise ApiError("NOT_FOUND", "No matches found!")
        spec = resolve_field(field_name)
        if spec.kind == "text":
            raise _server_error(_FIELDDATA_ERROR.format(field=field_name))
        if spec.kind not in ("date", "number", "keyword"):
            return []
        buckets: Counter[Any] = Counter()
        if spec.kind == "keyword":  # each row's distinct whole strings, as the matcher sees them
            view = self.views.get("strings", spec.parts, set(rows))
            buckets.update(itertools.chain.from_iterable([view[row] for row in rows]))
        else:
            key = SortKey(field_name, False, spec.kind, spec.parts, spec.es_type in INTEGRAL_TYPES)
            for row in rows:
                raw = scalar_values(self.records[row], spec.parts)
                buckets.update(
                    {value for value in (_comparable(v, key) for v in raw) if value is not None}
                )
        if spec.kind == "date":
            days = Counter()
            for millis, n in buckets.items():
                days[millis_to_basic_date(millis)] += n
            return [{"time": day, "count": n} for day, n in sorted(days.items())]
        ranked = sorted(buckets.items(), key=lambda item: (-item[1], item[0]))
        return [{"term": term, "count": n} for term, n in ranked]


def _sort_key_fn(values: list[tuple[Any, ...]], index: int, key: SortKey) -> Callable[[int], Any]:
    blank = "" if key.kind in ("id", "keyword") else 0
    if key.descending:  # reverse=True: present values first, missing last
        return lambda p: (values[p][index] is not None, _or(values[p][index], blank))
    return lambda p: (values[p][index] is None, _or(values[p][index], blank))


def _or(value: Any, blank: Any) -> Any:
    return blank if value is None else value


# --------------------------------------------------------------------------- answering


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
            raise _bad_request(f"Search not supported: {escape_html(request.search)}")
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
        return _server_error(
            f"[query_shard_exception] Failed to parse query [{search}]: Cannot parse "
            f"'{search}': {exc}"
        )
    return _server_error(str(exc))


def _answer_search(
    corpus: Corpus, request: ApiRequest, last_updated: str, link_base: str
) -> Answer:
    keys = sort_keys(request.sort)
    if request.limit == 0 and not request.search_after and keys == (_ID_KEY,):
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
    link = _next_link(request, total, len(rows), last_values, ordering.keys, link_base)
    ids = tuple(as_text(corpus.records[row].get("safetyreportid", "")) for row in rows)
    return Answer(200, payload, link, ids, len(rows), total)


def _next_link(
    request: ApiRequest,
    total: int,
    hits: int,
    last_values: tuple[Any, ...],
    keys: Sequence[SortKey],
    link_base: str,
) -> str | None:
    """openFDA's ``traversal.BuildLinkRelNext``, quirks included: a full last page still
    gets a link (whose target answers 404), and skip mode stops only at ``total``."""
    query = [list(pair) for pair in request.query]
    if request.skip > 0:
        if total <= request.skip + request.limit:
            return None
        _set_param(query, "skip", str(request.skip + request.limit))
    elif hits and hits >= request.limit and total != hits:
        wire = [_wire_value(value, key) for value, key in zip(last_values, keys, strict=True)]
        _set_param(query, "search_after", encode_search_after(wire))
    else:
        return None
    encoded = "&".join(f"{qs_encode(name)}={qs_encode(value)}" for name, value in query)
    return f"{link_base}{EVENT_PATH}?{encoded}"


def _answer_count(corpus: Corpus, request: ApiRequest, last_updated: str) -> Answer:
    buckets = corpus.count(request.search, request.count)
    if not buckets:
        raise ApiError("NOT_FOUND", "Nothing to count")
    if "term" in buckets[0]:
        buckets = buckets[: request.limit]
    return Answer(200, {"meta": _meta(last_updated), "results": buckets}, n_results=len(buckets))


# --------------------------------------------------------------------------- JSON rendering


def json_bytes(value: Any) -> bytes:
    """The UTF-8 body of :func:`render_json`. A lone surrogate (valid as a JSON escape, not as
    UTF-8) can't be encoded, so such a payload is sent with every non-ASCII character
    escaped, which is still the same JSON value."""
    text = render_json(value)
    try:
        return text.encode()
    except UnicodeEncodeError:
        return json.dumps(value, indent=2, ensure_ascii=True).encode()


def render_json(value: Any) -> str:
    """``JSON.stringify(value, null, 2)`` as Express sends it, about three times faster than
    ``json.dumps(indent=2)`` (which cannot use the C encoder), since serialising 1000 records
    is the main cost of a page."""
    out: list[str] = []
    _render(value, out.append, "\n")
    return "".join(out)


def _render(value: Any, append: Callable[[str], None], newline: str) -> None:
    kind = type(value)
    if kind is str:
        append(encode_basestring(value))
    elif kind is dict:
        if not value:
            append("{}")
            return
        inner = newline + "  "
        separator, comma = "{" + inner, "," + inner
        for key, item in value.items():
            append(separator)
            append(encode_basestring(key if type(key) is str else str(key)))
            append(": ")
            if type(item) is str:
                append(encode_basestring(item))
            else:
                _render(item, append, inner)
            separator = comma
        append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            append("[]")
            return
        inner = newline + "  "
        separator, comma = "[" + inner, "," + inner
        for item in value:
            append(separator)
            if type(item) is str:
                append(encode_basestring(item))
            else:
                _render(item, append, inner)
            separator = comma
        append(newline + "]")
    elif isinstance(value, Mapping):
        _render(dict(value), append, newline)
    else:
        append(json.dumps(value))


# --------------------------------------------------------------------------- HTTP


@dataclass(frozen=True)
class RequestRecord:
    """One request the server answered. ``params`` never holds the API key."""

    path: str
    params: dict[str, str]
    status: int
    n_results: int
    fault: str | None = None
    link: str | None = None
    total: int | None = None


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], service: LocalOpenFDA) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.service = service
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return  # the client went away (timeouts, drop faults): nothing to report
        _log.exception("local openFDA: unexpected error while answering a request")

    def close_connections(self) -> None:
        with self.connections_lock:
            connections = list(self.connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"
    timeout = 65  # like openFDA's keepAliveTimeout; idle keep-alive threads end after it
    # Headers and body are separate writes: with Nagle's algorithm the body waits for the
    # client's delayed ACK of the headers, about 40 ms on every keep-alive request.
    disable_nagle_algorithm = True

    def version_string(self) -> str:
        return "open.fda.gov"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Never log request lines: their query string may carry the API key."""

    def setup(self) -> None:
        super().setup()
        with self.server.connections_lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            with self.server.connections_lock:
                self.server.connections.discard(self.connection)

    # -- routing -------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802
        path = urlsplit(self.path).path
        if path.startswith("/_admin/"):
            self._admin()
        elif path == EVENT_PATH:
            self._event()
        else:
            message = f"No such endpoint: {path}. This local openFDA serves {EVENT_PATH}."
            self._send_json(404, {"error": {"code": "NOT_FOUND", "message": message}})

    def do_POST(self) -> None:  # noqa: N802
        self._admin()

    def do_DELETE(self) -> None:  # noqa: N802
        self._admin()

    # -- the openFDA endpoint ------------------------------------------------------------

    def _event(self) -> None:
        service = self.server.service
        split = urlsplit(self.path)
        pairs = [
            (key, value)
            for key, value in parse_qsl(split.query, keep_blank_values=True)
            if key != "api_key"  # the gateway consumes it; the backend never sees it
        ]
        target = split.path + "?" + "&".join(f"{key}={value}" for key, value in pairs)
        fault = service.faults.draw(target)
        record = RequestRecord(split.path, dict(pairs), 0, 0, fault.kind if fault else None)
        # Requests are logged before the answer goes out, so a client that has its answer
        # also finds it in ``requests``.
        if fault is not None and fault.is_status:
            service._log_request(record, int(fault.kind), None)
            self._send_status_fault(fault)
            return
        if fault is not None and fault.kind == "shift_total":
            service._shift_total(pairs, fault.shift)
        if fault is not None and fault.kind == "slow" and service._stopping.wait(fault.delay):
            self.close_connection = True
            return
        result = service.answer(pairs, link_base=self._link_base())
        body = json_bytes(result.payload)
        whole = fault is None or fault.kind not in ("drop", "truncate", "slow")
        service._log_request(record, result.status, result, served=whole)
        self._send_answer(result, body, fault)

    def _link_base(self) -> str:
        if self.headers.get("x-api-umbrella-request-id"):
            return "https://api.fda.gov"
        host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
        return f"http://{host}"

    def _send_answer(self, result: Answer, body: bytes, fault: Fault | None) -> None:
        """Send the page, degraded by a drop/truncate fault."""
        if fault is not None and fault.kind == "truncate":
            body = body[: max(1, len(body) // 2)]
        headers = list(_BACKEND_HEADERS)
        if result.link:
            headers.append(("Link", f'<{result.link}>; rel="next"'))
        body = self._maybe_gzip(body, headers)
        cut_at = max(1, len(body) // 2) if fault is not None and fault.kind == "drop" else None
        self._send(result.status, headers, body, cut_at=cut_at)

    def _send_status_fault(self, fault: Fault) -> None:
        status = int(fault.kind)
        headers: list[tuple[str, str]] = []
        if fault.retry_after is not None and status in (429, 503):
            headers.append(("Retry-After", str(fault.retry_after)))
        if status == 429:
            code, message = "OVER_RATE_LIMIT", OVER_RATE_LIMIT_MESSAGE
            self._send_json(429, {"error": {"code": code, "message": message}}, headers)
        elif status == 500:
            error = {"code": "SERVER_ERROR", "message": "Check your request and try again"}
            self._send_json(500, {"error": error}, headers)
        else:
            reason = self.responses[status][0]
            page = f"<html><head><title>{status} {reason}</title></head><body>\n<center><h1>"
            page += f"{status} {reason}</h1></center>\n</body></html>\n"
            headers.append(("Content-Type", "text/html"))
            self._send(status, headers, page.encode())

    def _maybe_gzip(self, body: bytes, headers: list[tuple[str, str]]) -> bytes:
        accepted = self.headers.get("Accept-Encoding", "")
        if "gzip" not in accepted or len(body) < _GZIP_THRESHOLD:
            return body
        headers.append(("Content-Encoding", "gzip"))
        return gzip.compress(body, compresslevel=1, mtime=0)

    def _send_json(
        self,
        status: int,
        payload: Mapping[str, Any],
        extra_headers: Sequence[tuple[str, str]] = (),
    ) -> bool:
        headers = [*_BACKEND_HEADERS, *extra_headers]
        body = self._maybe_gzip(json_bytes(payload), headers)
        return self._send(status, headers, body)

    def _send(
        self,
        status: int,
        headers: Sequence[tuple[str, str]],
        body: bytes,
        cut_at: int | None = None,
    ) -> bool:
        """Write one response; with ``cut_at``, stop after that many body bytes and close
        the connection (the ``drop`` fault). False if the client was gone."""
        try:
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            if self.server.service.synthetic:
                self.send_header("X-Sample-Corpus", "synthetic")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body if cut_at is None else body[:cut_at])
            if cut_at is not None:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
        except (ConnectionError, TimeoutError, OSError):
            self.close_connection = True
            return False
        return cut_at is None

    # -- admin -----------------------------------------------------------------------------

    def _admin(self) -> None:
        """``/_admin/faults``: GET shows the plan, POST adds rules, DELETE clears them."""
        if not ipaddress.ip_address(self.client_address[0].split("%")[0]).is_loopback:
            self.close_connection = True  # unread body: do not reuse the connection
            self._send_json(403, {"error": {"code": "FORBIDDEN", "message": "loopback only"}})
            return
        body = self._read_body()
        path = urlsplit(self.path).path
        if path != "/_admin/faults":
            self._send_json(404, {"error": {"code": "NOT_FOUND", "message": path}})
            return
        faults = self.server.service.faults
        if self.command == "DELETE":
            faults.clear()
        elif self.command == "POST":
            try:
                faults.inject_json(json.loads(body or b"null"))
            except (ValueError, TypeError) as exc:
                self._send_json(400, {"error": {"code": "BAD_REQUEST", "message": str(exc)}})
                return
        self._send_json(201 if self.command == "POST" else 200, faults.to_dict())

    def _read_body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        return self.rfile.read(length) if length > 0 else b""


# --------------------------------------------------------------------------- the service


def load_records(path: str | Path) -> list[dict[str, Any]]:
    """Records from a JSON-lines file, a JSON array, or a saved openFDA response."""
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    if isinstance(data, dict):
        return list(data["results"]) if isinstance(data.get("results"), list) else [data]
    return list(data)


def _is_loopback_host(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@dataclass
class _Log:
    requests: list[RequestRecord] = field(default_factory=list)
    served: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


class LocalOpenFDA:
    """openFDA's drug/event endpoint over HTTP on 127.0.0.1, serving ``records``.

    Use as a context manager (``with LocalOpenFDA(records) as api: ... api.url``) or call
    :meth:`start`/:meth:`stop`. ``faults`` injects failures; ``requests`` and
    :meth:`served_ids` tell what was answered. With ``synthetic=True`` every response carries
    ``X-Sample-Corpus: synthetic`` so downstream code can label the data as the bundled
    sample.
    """

    def __init__(
        self,
        records: Sequence[Mapping[str, Any]],
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        last_updated: str = "2026-11-20",
        synthetic: bool = True,
    ) -> None:
        self.host = host
        self.port = port
        self.synthetic = synthetic
        self.faults = FaultPlan()
        self._corpus = Corpus(records)
        self._last_updated = last_updated
        self._log = _Log()
        self._mutate_lock = threading.Lock()
        self._shift_serial = itertools.count(1)
        self._stopping = threading.Event()
        self._server: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        if not _is_loopback_host(host):
            _log.warning("local openFDA will listen on %s, beyond this machine", host)

    # -- lifecycle ----------------------------------------------------------------------

    def start(self) -> LocalOpenFDA:
        """Bind and serve in a daemon thread; returns self."""
        if self._server is not None:
            raise RuntimeError("local openFDA is already running")
        self._stopping.clear()
        self._server = _HTTPServer((self.host, self.port), self)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"local-openfda-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, wake slow answers and close open keep-alive connections."""
        server, self._server = self._server, None
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.close_connections()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> LocalOpenFDA:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def serve_forever(self) -> None:
        """Block until interrupted (the command line); starts the server if needed."""
        if self._server is None:
            self.start()
        try:
            while self._thread is not None and self._thread.is_alive():
                self._thread.join(timeout=0.5)
        finally:
            self.stop()

    @property
    def url(self) -> str:
        """Base address without trailing slash, e.g. ``http://127.0.0.1:54321``."""
        if self._server is None:
            raise RuntimeError("local openFDA is not running; call start() first")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    # -- data -----------------------------------------------------------------------------

    @property
    def last_updated(self) -> str:
        return self._last_updated

    def set_last_updated(self, value: str) -> None:
        self._last_updated = value

    def replace_records(self, records: Sequence[Mapping[str, Any]]) -> None:
        """Swap the corpus atomically; requests already running finish on the old one."""
        corpus = Corpus(records)
        with self._mutate_lock:
            self._corpus = corpus

    @property
    def records(self) -> list[Mapping[str, Any]]:
        return list(self._corpus.records)

    def answer(
        self, pairs: Sequence[tuple[str, str]], *, link_base: str = "http://127.0.0.1"
    ) -> Answer:
        """The backend's answer to decoded query parameters, without HTTP or faults."""
        return answer_request(
            self._corpus, pairs, last_updated=self._last_updated, link_base=link_base
        )

    def _shift_total(self, pairs: Sequence[tuple[str, str]], shift: int) -> None:
        with self._mutate_lock:
            corpus = self._corpus
            try:
                request = check_params(pairs)
                rows = corpus.ordered(request.search, sort_keys(request.sort)).rows
            except (ApiError, QueryError, QuerySyntaxError):
                return  # the answer itself will report the problem
            records = list(corpus.records)
            if shift > 0:
                for row in rows[:shift]:
                    clone = copy.deepcopy(dict(records[row]))
                    original = as_text(clone.get("safetyreportid", "report"))
                    clone["safetyreportid"] = f"{original}-shift{next(self._shift_serial)}"
                    records.append(clone)
            else:
                removed = set(rows[shift:])
                records = [rec for row, rec in enumerate(records) if row not in removed]
            self._corpus = Corpus(records)

    # -- what was served ---------------------------------------------------------------

    def _log_request(
        self,
        record: RequestRecord,
        status: int,
        result: Answer | None,
        *,
        served: bool = False,
    ) -> None:
        entry = RequestRecord(
            record.path,
            record.params,
            status,
            result.n_results if result else 0,
            record.fault,
            result.link if result else None,
            result.total if result else None,
        )
        with self._log.lock:
            self._log.requests.append(entry)
            if served and result is not None and status == 200:
                self._log.served.update(result.ids)

    @property
    def requests(self) -> list[RequestRecord]:
        """Every ``/drug/event.json`` request answered so far (admin calls excluded)."""
        with self._log.lock:
            return list(self._log.requests)

    def served_ids(self) -> Counter[str]:
        """How often each ``safetyreportid`` was answered in a whole 200 page. Pages cut by
        a ``drop``/``truncate`` fault or held back by ``slow`` (the client is meant to have
        given up) do not count."""
        with self._log.lock:
            return Counter(self._log.served)

    def clear_requests(self) -> None:
        with self._log.lock:
            self._log.requests.clear()
            self._log.served.clear()
