"""``count``: term buckets and date histograms over the matching records, as openFDA's
terms and date_histogram aggregations return them."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from typing import Any

from .errors import FIELDDATA_ERROR, ApiError, server_error
from .mapping import INTEGRAL_TYPES, resolve_field
from .record_views import RecordViews
from .sorting import SortKey, comparable
from .values import Record, millis_to_basic_date, scalar_values


def count_buckets(
    records: Sequence[Record], views: RecordViews, rows: list[int], field_name: str
) -> list[dict[str, Any]]:
    """The ``count`` results of ``field_name`` over ``rows`` (the matching rows of
    ``records``, whose views are ``views``): terms by falling count, or days in order."""
    if not rows:
        raise ApiError("NOT_FOUND", "No matches found!")
    spec = resolve_field(field_name)
    if spec.kind == "text":
        raise server_error(FIELDDATA_ERROR.format(field=field_name))
    if spec.kind not in ("date", "number", "keyword"):
        return []
    buckets: Counter[Any] = Counter()
    if spec.kind == "keyword":  # each row's distinct whole strings, as the matcher sees them
        view = views.get("strings", spec.parts, set(rows))
        buckets.update(itertools.chain.from_iterable([view[row] for row in rows]))
    else:
        key = SortKey(field_name, False, spec.kind, spec.parts, spec.es_type in INTEGRAL_TYPES)
        for row in rows:
            raw = scalar_values(records[row], spec.parts)
            buckets.update(
                {value for value in (comparable(v, key) for v in raw) if value is not None}
            )
    if spec.kind == "date":
        days: Counter[str] = Counter()
        for millis, n in buckets.items():
            days[millis_to_basic_date(millis)] += n
        return [{"time": day, "count": n} for day, n in sorted(days.items())]
    ranked = sorted(buckets.items(), key=lambda item: (-item[1], item[0]))
    return [{"term": term, "count": n} for term, n in ranked]
