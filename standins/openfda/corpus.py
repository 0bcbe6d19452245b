"""The served records, indexed so that costs stay per page.

Records are indexed by ``receivedate`` so a date range narrows the candidates before the
matcher runs; what the matcher reads of a record (per field: its tokens, its whole strings,
its dates) is extracted once and kept (:mod:`.record_views`), so a search costs a few set
lookups per candidate; and the ordered hit list of each ``(search, sort)`` is cached, so
paging does not re-evaluate the query.
"""

from __future__ import annotations

import bisect
import hashlib
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .counts import count_buckets
from .paging import Ordering
from .query import compile_search
from .record_views import RecordViews
from .sorting import ID_KEY, SortKey, sort_key_fn, sort_value
from .values import as_text, date_millis


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
        if keys == (ID_KEY,):  # no sort: by _id alone, which every row has
            ids = self.ids
            ordered = sorted(rows, key=ids.__getitem__)
            return Ordering(keys, ordered, [(ids[row],) for row in ordered])
        values = [
            tuple(
                self.ids[row] if key.kind == "id" else sort_value(self.records[row], key)
                for key in keys
            )
            for row in rows
        ]
        positions = list(range(len(rows)))
        for index in reversed(range(len(keys))):  # stable sorts, least significant key first
            positions.sort(
                key=sort_key_fn(values, index, keys[index]), reverse=keys[index].descending
            )
        return Ordering(keys, [rows[p] for p in positions], [values[p] for p in positions])

    def count(self, search: str, field_name: str) -> list[dict[str, Any]]:
        return self._cached(("count", search, field_name), lambda: self._count(search, field_name))

    def _count(self, search: str, field_name: str) -> list[dict[str, Any]]:
        return count_buckets(self.records, self.views, self.matching(search), field_name)
