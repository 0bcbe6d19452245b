"""Calendar quarters of openFDA's ``receivedate``: the partition key of the pipeline."""

from __future__ import annotations

import re
from datetime import date, timedelta

FIRST_QUARTER = "2004Q1"
_QUARTER_RE = re.compile(r"^(\d{4})Q([1-4])$")


def quarter_of(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def parse_quarter(quarter: str) -> tuple[int, int]:
    match = _QUARTER_RE.match(quarter)
    if not match:
        raise ValueError(f"not a quarter: {quarter!r} (expected e.g. '2021Q1')")
    return int(match.group(1)), int(match.group(2))


def quarter_bounds(quarter: str) -> tuple[date, date]:
    """First and last day of the quarter, both inclusive (openFDA ranges are inclusive)."""
    year, q = parse_quarter(quarter)
    start = date(year, 3 * (q - 1) + 1, 1)
    next_start = date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)
    return start, next_start - timedelta(days=1)


def next_quarter(quarter: str) -> str:
    year, q = parse_quarter(quarter)
    return f"{year + 1}Q1" if q == 4 else f"{year}Q{q + 1}"


def previous_quarter(quarter: str) -> str:
    year, q = parse_quarter(quarter)
    return f"{year - 1}Q4" if q == 1 else f"{year}Q{q - 1}"


def quarters_between(first: str, last: str) -> list[str]:
    """Every quarter from ``first`` to ``last``, both included, in order."""
    out = [first]
    while out[-1] != last:
        if parse_quarter(out[-1]) > parse_quarter(last):
            raise ValueError(f"{first} is after {last}")
        out.append(next_quarter(out[-1]))
    return out


def all_quarters(today: date | None = None) -> list[str]:
    return quarters_between(FIRST_QUARTER, quarter_of(today or date.today()))


def recent_quarters(today: date) -> tuple[str, str]:
    """The previous and the current quarter: where late reports still land, so the ones a
    weekly refresh fetches again."""
    current = quarter_of(today)
    return previous_quarter(current), current
