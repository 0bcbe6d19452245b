"""Sorting hits: openFDA's sort checks, Elasticsearch's order (missing values last, ``_id``
as the tie-breaker) and the per-hit sort values that ``search_after`` resumes from."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import FIELDDATA_ERROR, QueryError, bad_request, escape_html
from .mapping import FIELD_TYPES, INTEGRAL_TYPES, resolve_field
from .query import is_supported
from .values import Record, as_text, date_millis, number_value, scalar_values

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


@dataclass(frozen=True)
class SortKey:
    """One sort criterion. ``kind`` is ``id`` (the ``_id`` tie-breaker), ``date``,
    ``number`` or ``keyword``; missing values sort last in either direction."""

    name: str
    descending: bool
    kind: str
    parts: tuple[str, ...] = ()
    integral: bool = True


ID_KEY = SortKey("_id", False, "id")


def check_sort(sort: str) -> None:
    """openFDA's BuildSort checks, answered with 400 before Elasticsearch is asked."""
    if not sort:
        return
    if not is_supported(sort):
        raise bad_request(f"Sort not supported: {escape_html(sort)}")
    name = sort.split(":")[0]
    es_type = "date" if resolve_field(name).kind == "date" else FIELD_TYPES.get(name)
    if (
        "exact" not in sort
        and not name.endswith(_SORT_DATE_SUFFIXES)
        and es_type not in _SORTABLE_TYPES
    ):
        raise bad_request(f"Sorting allowed by non-analyzed fields only: {escape_html(name)}")


def sort_keys(sort: str) -> tuple[SortKey, ...]:
    """``<sort>,_id`` or ``_id`` alone, as openFDA always sends to Elasticsearch."""
    keys = [_sort_key(item) for item in sort.split(",") if item.strip()] if sort else []
    return (*keys, ID_KEY)


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
        raise QueryError(FIELDDATA_ERROR.format(field=name))
    if kind not in ("id", "date", "number", "keyword"):
        raise QueryError(
            f"[query_shard_exception] No mapping found for [{name}] in order to sort on"
        )
    parts = spec.parts if spec else ()
    integral = spec is None or spec.es_type in INTEGRAL_TYPES or kind != "number"
    return SortKey(name, direction == "desc", kind, parts, integral)


def comparable(value: Any, key: SortKey) -> Any:
    """A stored value as ``key`` orders it (millis, number or text); None if it does not
    convert."""
    if key.kind == "date":
        return date_millis(as_text(value))
    if key.kind == "number":
        number = number_value(value)
        return int(number) if number is not None and key.integral else number
    return as_text(value)


def sort_value(record: Record, key: SortKey) -> Any:
    """The record's value for ``key``: the least of its values ascending, the greatest
    descending, None if it has none."""
    present = [
        value
        for value in (comparable(raw, key) for raw in scalar_values(record, key.parts))
        if value is not None
    ]
    if not present:
        return None
    return max(present) if key.descending else min(present)


def compare(left: tuple[Any, ...], right: tuple[Any, ...], keys: Sequence[SortKey]) -> int:
    """-1, 0 or 1 as the sort values ``left`` order against ``right``; missing values last."""
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


def sort_key_fn(values: list[tuple[Any, ...]], index: int, key: SortKey) -> Callable[[int], Any]:
    """A ``list.sort`` key for positions into ``values``, by the value of sort key ``index``
    (``reverse=key.descending``); missing values last either way."""
    blank = "" if key.kind in ("id", "keyword") else 0
    if key.descending:  # reverse=True: present values first, missing last
        return lambda p: (values[p][index] is not None, _or(values[p][index], blank))
    return lambda p: (values[p][index] is None, _or(values[p][index], blank))


def _or(value: Any, blank: Any) -> Any:
    return blank if value is None else value
