"""The endpoint's request: its path and parameters, checked as openFDA's ``api_request.js``
``CheckParams`` does (same checks, same order, same messages)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .errors import bad_request, escape_html

EVENT_PATH = "/drug/event.json"
EXPECTED_PARAMS = ("search", "count", "limit", "skip", "sort", "search_after")
MAX_SKIP = 25_000
MAX_LIMIT = 1_000
_LIMITLESS_COUNT_FIELDS = frozenset(
    name
    for base in ("openfda.generic_name", "openfda.brand_name", "openfda.substance_name")
    + ("drug.product_ndc",)
    for name in (base, base + ".exact")
)


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
        raise bad_request(f"Invalid {name} parameter value.")
    return int(value)


def check_params(pairs: Sequence[tuple[str, str]]) -> ApiRequest:
    """openFDA's ``api_request.CheckParams``, same checks in the same order."""
    query = [[key, _trimmed(value)] for key, value in pairs]
    for key, _ in query:
        if key not in EXPECTED_PARAMS:
            raise bad_request(f"Invalid parameter: {escape_html(key)}")
    names = [key for key, _ in query]
    if len(set(names)) != len(names):
        # Express turns a repeated name into an array, which CheckParams chokes on.
        raise bad_request("")
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
        raise bad_request(f"Skip value must {MAX_SKIP} or less.")
    if not request.count and limit is not None and limit > MAX_LIMIT:
        raise bad_request(
            "Limit cannot exceed 1000 results for search requests. Use the skip or "
            "search_after param to get additional results."
        )
    count_max = 2_147_483_647 - 1000 if request.count in _LIMITLESS_COUNT_FIELDS else MAX_LIMIT
    if request.count and limit is not None and limit > count_max:
        raise bad_request("Limit cannot exceed 1000 results for count requests.")
    if request.count and skip:
        raise bad_request("Should not use skip param when using count.")
    if request.search_after and skip:
        raise bad_request("The skip parameter is not supported when using search_after.")
    request.skip = skip
    request.limit = limit if limit is not None else (100 if request.count else 1)
    set_param(query, "skip", str(request.skip))
    set_param(query, "limit", str(request.limit))
    set_param(query, "sort", request.sort, append=False)
    return request


def set_param(query: list[list[str]], name: str, value: str, *, append: bool = True) -> None:
    """Set ``name`` in ``query`` in place; append it if absent (and ``append``)."""
    for pair in query:
        if pair[0] == name:
            pair[1] = value
            return
    if append:
        query.append([name, value])
