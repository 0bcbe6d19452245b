"""How many SYNTHETIC reports each quarter gets, and on which days they are received.

The shape serves the tests and the demo more than realism:

- ketamine reports grow about 12 % a year from 2004, in line with the ~5,500 ketamine reports
  published for 2004-2022 (``reference/ketamine_esketamine_faers_published_aggregates.csv``);
- esketamine starts on SPRAVATO's approval (2019-03-05) and ramps up to a plateau;
- :data:`BIG_QUARTER` holds more than 25,000 matching reports at scale 1, so a client has to
  page past openFDA's 25,000 ``skip`` cap with ``search_after``;
- :data:`EMPTY_QUARTERS` hold no matching report (openFDA answers 404 there), and
  :data:`NO_RECORD_QUARTERS` hold no record at all;
- everything else stays small (tens to a few hundred) so the demo runs in seconds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from ketamine_faers.quarters import FIRST_QUARTER, parse_quarter, quarter_bounds, quarter_of
from standins.sample.reports import ESKETAMINE_FIRST_DAY, Product

BIG_QUARTER = "2023Q1"
BIG_QUARTER_MATCHING = 25_600
"""Ketamine + esketamine reports of :data:`BIG_QUARTER` at scale 1 (a quarter are ketamine)."""
BIG_QUARTER_BACKGROUND = 12_000
"""Other-drug reports of :data:`BIG_QUARTER`. Everywhere the background outnumbers the two
products (about 3 to 1 in ordinary quarters) so that "all other reports", the comparator of
the disproportionality tables, is mostly other drugs, as in the real FAERS."""
EMPTY_QUARTERS = ("2004Q3", "2005Q2", "2007Q1", "2010Q4")
NO_RECORD_QUARTERS = ("2005Q2",)
_ESKETAMINE_RAMP = (60, 100, 140, 180, 220, 260, 300)
"""Esketamine reports per quarter from 2019Q1; the last value is the plateau."""


@dataclass(frozen=True)
class QuarterPlan:
    quarter: str
    first_day: int  # ordinal, inclusive
    last_day: int  # ordinal, inclusive; today for the current quarter
    counts: tuple[int, int, int]  # reports per Product: ketamine, esketamine, background


def plan_quarter(quarter: str, rng: random.Random, scale: float, today: date) -> QuarterPlan:
    """Counts for one quarter. ``rng`` is the quarter's own stream; its first draws are the
    noise, so the counts of a quarter never depend on how many records another one has."""
    noise = [0.8 + 0.4 * rng.random() for _ in range(3)]
    first, quarter_last = quarter_bounds(quarter)
    last = min(quarter_last, today)
    share = ((last - first).days + 1) / ((quarter_last - first).days + 1)
    index = _index(quarter)
    years = index / 4
    if quarter == BIG_QUARTER:
        base = [BIG_QUARTER_MATCHING * 0.25, BIG_QUARTER_MATCHING * 0.75, BIG_QUARTER_BACKGROUND]
        noise[:2] = [1.0, 1.0]
    else:
        base = [14 * 1.12**years, _esketamine_base(quarter), 150 + 2 * index]
    if quarter in EMPTY_QUARTERS:
        base[0] = base[1] = 0
    if quarter in NO_RECORD_QUARTERS:
        base[2] = 0
    ketamine, esketamine, background = (
        round(b * n * scale * share) for b, n in zip(base, noise, strict=True)
    )
    return QuarterPlan(
        quarter, first.toordinal(), last.toordinal(), (ketamine, esketamine, background)
    )


def received_days(plan: QuarterPlan, rng: random.Random) -> list[tuple[int, Product]]:
    """Every report slot of the quarter as (receive day, product), in receive order."""
    slots: list[tuple[int, Product]] = []
    random_ = rng.random
    for product in Product:
        first = plan.first_day
        if product is Product.ESKETAMINE:
            first = max(first, ESKETAMINE_FIRST_DAY)
        span = plan.last_day - first + 1
        if span <= 0:
            continue
        slots.extend((first + int(random_() * span), product) for _ in range(plan.counts[product]))
    slots.sort()
    return slots


def _esketamine_base(quarter: str) -> float:
    year, q = parse_quarter(quarter)
    since = (year - 2019) * 4 + q - 1
    if since < 0:
        return 0.0
    return float(_ESKETAMINE_RAMP[min(since, len(_ESKETAMINE_RAMP) - 1)])


def _index(quarter: str) -> int:
    """0 for 2004Q1, 1 for 2004Q2, ..."""
    year, q = parse_quarter(quarter)
    first_year, first_q = parse_quarter(FIRST_QUARTER)
    return (year - first_year) * 4 + q - first_q


def quarter_of_receivedate(receivedate: str) -> str:
    """``"20230115"`` -> ``"2023Q1"``."""
    return quarter_of(date(int(receivedate[:4]), int(receivedate[4:6]), 1))
