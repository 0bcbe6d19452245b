"""How stored values read: walking a record's field paths and analysing what is found.

The matcher, the sort and the count must see a record's values alike (tokens of text, whole
strings, dates, numbers), as Elasticsearch does from one mapping, so they share these.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from typing import Any

Record = dict[str, Any]
"""One drug/event report, as served."""

_DAY_MS = 86_400_000
_EPOCH = date(1970, 1, 1)


def _flatten_into(out: list[Any], items: list[Any]) -> None:
    """Append the non-null items of a list, nested lists flattened."""
    for item in items:
        if type(item) is list:
            _flatten_into(out, item)
        elif item is not None:
            out.append(item)


def path_values(record: dict[str, Any], parts: tuple[str, ...]) -> list[Any]:
    """Every non-null value at ``parts``, walking through lists at any level. Tolerates
    malformed records: a dict where a list was expected is walked like a one-item list and
    scalars on the way are skipped, never raised on."""
    nodes: list[Any] = [record]
    for part in parts:
        found: list[Any] = []
        for node in nodes:
            if type(node) is dict:
                value = node.get(part)
                if type(value) is list:
                    _flatten_into(found, value)
                elif value is not None:
                    found.append(value)
        nodes = found
        if not nodes:
            break
    return nodes


def scalar_values(record: dict[str, Any], parts: tuple[str, ...]) -> list[Any]:
    return [value for value in path_values(record, parts) if type(value) is not dict]


def _has_scalar(value: Any) -> bool:
    if type(value) is dict:
        return any(_has_scalar(item) for item in value.values())
    if type(value) is list:
        return any(_has_scalar(item) for item in value)
    return value is not None


def has_value(record: dict[str, Any], parts: tuple[str, ...]) -> bool:
    """Elasticsearch's ``exists``: a non-null value at or below ``parts``."""
    return any(_has_scalar(value) for value in path_values(record, parts))


def all_scalars(value: Any) -> Iterator[Any]:
    if type(value) is dict:
        for item in value.values():
            yield from all_scalars(item)
    elif type(value) is list:
        for item in value:
            yield from all_scalars(item)
    elif value is not None:
        yield value


def as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


_TOKEN_RE = re.compile(r"[^\W_]+")


@lru_cache(maxsize=262_144)
def tokens(text: str) -> tuple[str, ...]:
    """The analysed form of a text value: lower-cased alphanumeric runs."""
    return tuple(_TOKEN_RE.findall(text.lower()))


@lru_cache(maxsize=262_144)
def token_set(text: str) -> frozenset[str]:
    return frozenset(tokens(text))


@lru_cache(maxsize=65_536)
def date_millis(text: str) -> int | None:
    """Parse like the mapping's ``basic_date||date||epoch_millis``; None if it cannot."""
    text = text.strip()
    try:
        if len(text) == 8 and text.isdigit():
            day = date(int(text[:4]), int(text[4:6]), int(text[6:]))
        elif len(text) == 10 and text[4] == "-" and text[7] == "-":
            day = date.fromisoformat(text)
        elif text.lstrip("-").isdigit():
            return int(text)
        else:
            return None
    except ValueError:
        return None
    return (day - _EPOCH).days * _DAY_MS


def millis_to_basic_date(millis: int) -> str:
    day = date.fromordinal(_EPOCH.toordinal() + millis // _DAY_MS)
    return day.strftime("%Y%m%d")


def number_value(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def date_of(value: Any) -> int | None:
    """A stored value as epoch millis, None if it is no date."""
    return date_millis(as_text(value))


def text_values(record: Record, parts: tuple[str, ...]) -> tuple[str, ...]:
    """The scalar values at ``parts`` as strings, as analysed and ``.exact`` fields see them."""
    return tuple([as_text(value) for value in scalar_values(record, parts)])
