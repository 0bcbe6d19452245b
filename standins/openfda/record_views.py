"""What the bulk matcher reads of each record, extracted once per field and kept.

Walking and tokenising records on every query would make a page cost the whole corpus;
with these views a query costs a few lookups per candidate record.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Sequence
from typing import Any

from .values import (
    Record,
    date_of,
    has_value,
    number_value,
    scalar_values,
    text_values,
    tokens,
)

# Views hold tuples, not frozensets: for the few items of one record a tuple is nearly as
# quick to test (``wanted.isdisjoint(view)``, ``item in view``) at a fraction of the memory.


def _distinct_tokens(texts: tuple[str, ...]) -> tuple[str, ...]:
    if len(texts) == 1:
        return tokens(texts[0])  # cached: shared by equal values
    return tuple(set(itertools.chain.from_iterable(map(tokens, texts))))


def _distinct_strings(texts: tuple[str, ...]) -> tuple[str, ...]:
    return texts if len(texts) < 2 else tuple(set(texts))


def _converted(convert: Callable[[Any], Any]) -> Callable[[Record, tuple[str, ...]], tuple]:
    def extract(record: Record, parts: tuple[str, ...]) -> tuple[Any, ...]:
        found = [convert(value) for value in scalar_values(record, parts)]
        return tuple([value for value in found if value is not None])

    return extract


_EXTRACTORS: dict[str, Callable[[Record, tuple[str, ...]], Any]] = {
    # the tokens of every value (analysed fields)
    "tokens": lambda record, parts: _distinct_tokens(text_values(record, parts)),
    # the whole stored strings (.exact and keyword fields)
    "strings": lambda record, parts: _distinct_strings(text_values(record, parts)),
    "dates": _converted(date_of),
    "numbers": _converted(number_value),
    "exists": has_value,
}


class RecordViews:
    """What the matcher reads from each record of a fixed list: per field path, the distinct
    tokens (analysed fields) or whole strings (``.exact``) of its values, the parsed dates or
    numbers, or whether the field exists. Each view is extracted on first use, only for the
    records asked for, and kept, so a query costs a few lookups per record instead of walking
    and tokenising it. The records must not change afterwards. Safe to share between
    threads."""

    def __init__(self, records: Sequence[Record]) -> None:
        self.records = records
        self._views: dict[tuple[str, tuple[str, ...]], tuple[list[Any], set[int]]] = {}
        self._lock = threading.Lock()

    def get(self, kind: str, parts: tuple[str, ...], rows: set[int]) -> list[Any]:
        """The ``kind`` view of field ``parts``, a list by row, filled in at least at
        ``rows``."""
        entry = self._views.get((kind, parts))
        if entry is None:
            with self._lock:
                entry = self._views.setdefault((kind, parts), ([None] * len(self.records), set()))
        values, done = entry
        if len(done) < len(values) and not rows <= done:
            with self._lock:
                extract, records = _EXTRACTORS[kind], self.records
                missing = rows - done
                for row in missing:
                    values[row] = extract(records[row], parts)
                done |= missing  # only after the values are in place, for lock-free readers
        return values
