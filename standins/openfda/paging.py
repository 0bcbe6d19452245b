"""Paging: ``skip`` and ``search_after`` over an ordered hit list, and the next page's
``Link`` header as openFDA's ``traversal.js`` builds it, quirks included."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote_plus

from .errors import QueryError
from .params import EVENT_PATH, ApiRequest, set_param
from .sorting import SortKey, compare
from .values import date_millis, number_value

_LONG_MAX = 9_223_372_036_854_775_807
_LONG_MIN = -9_223_372_036_854_775_808


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
            if compare(self.values[middle], marker, self.keys) <= 0:
                low = middle + 1
            else:
                high = middle
        return low


def qs_encode(text: str) -> str:
    """Percent-encoding of Node's ``qs.stringify`` (RFC 3986: space is %20, only
    ``A-Za-z0-9-._~`` stay literal)."""
    return quote(text, safe="")


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


def next_link(
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
        set_param(query, "skip", str(request.skip + request.limit))
    elif hits and hits >= request.limit and total != hits:
        wire = [_wire_value(value, key) for value, key in zip(last_values, keys, strict=True)]
        set_param(query, "search_after", encode_search_after(wire))
    else:
        return None
    encoded = "&".join(f"{qs_encode(name)}={qs_encode(value)}" for name, value in query)
    return f"{link_base}{EVENT_PATH}?{encoded}"
