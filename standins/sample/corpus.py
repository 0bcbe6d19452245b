"""The whole SYNTHETIC sample: every record the local openFDA service serves in the demo.

Records come quarter by quarter, 2004Q1 to the quarter of ``today``, and within a quarter in
order of ``receivedate``. Generated safetyreportids rise with time: old style ``NNNNNNN-D``
before FAERS replaced AERS in 2012Q4, then 8 digits. The real background records and the
awkward records are merged in on their own dates.

Each quarter draws from its own random stream, seeded with ``seed`` and the quarter. Only the
id counter runs across quarters, and it is consumed in the same order every time. So the
output is a pure function of (seed, today, scale), and it streams in constant memory apart
from one quarter's list of receive days.
"""

from __future__ import annotations

import gc
import random
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from ketamine_faers.quarters import all_quarters, quarters_between
from standins.sample.awkward import AWKWARD_RECORDS, build_awkward_records
from standins.sample.plan import (
    plan_quarter,
    quarter_of_receivedate,
    received_days,
)
from standins.sample.real_background import load_real_background, real_background_ids
from standins.sample.reports import Product, Record, ReportBuilder

SAMPLE_SEED = 20190305  # SPRAVATO's approval date; any int gives a different sample
NEW_STYLE_IDS_FROM = date(2012, 10, 1).toordinal()


class IdAllocator:
    """Hands out rising, unique safetyreportids, skipping the ones real and awkward records
    already hold."""

    def __init__(self, reserved: frozenset[str]) -> None:
        self._reserved = reserved
        self._old = 4_100_000
        self._new = 10_000_000

    def next(self, day: int, rng: random.Random) -> str:
        while True:
            if day < NEW_STYLE_IDS_FROM:
                self._old += 1 + int(rng.random() * 100)
                rid = f"{self._old}-{sum(map(int, str(self._old))) % 10}"
            else:
                self._new += 1 + int(rng.random() * 40)
                rid = str(self._new)
            if rid not in self._reserved:
                return rid


def iter_sample_records(
    *, seed: int = SAMPLE_SEED, today: date | None = None, scale: float = 1.0
) -> Iterator[Record]:
    """Streams the SYNTHETIC corpus (plus the bundled real background), one record at a time.

    ``scale`` multiplies every generated count (1.0 gives about 45,000 records, 22.5 about a
    million, streamed in about 40 s); the real and awkward records are always there, once."""
    if scale < 0:
        raise ValueError(f"scale must be >= 0, got {scale}")
    today = today or date.today()
    specials = _special_records(seed, today)
    reserved = real_background_ids() | {
        awk.safetyreportid for awk in AWKWARD_RECORDS if awk.safetyreportid
    }
    ids = IdAllocator(frozenset(reserved))
    for quarter in all_quarters(today):
        rng = random.Random(f"{seed}:{quarter}")
        plan = plan_quarter(quarter, rng, scale, today)
        builder = ReportBuilder(rng, today)
        waiting = specials.get(quarter, [])
        for day, product in received_days(plan, rng):
            while waiting and waiting[0][0] <= day:
                yield waiting.pop(0)[1]
            yield builder.build(product, day, ids.next(day, rng))
        for _, record in waiting:
            yield record


def generate_sample_corpus(
    *, seed: int = SAMPLE_SEED, today: date | None = None, scale: float = 1.0
) -> list[Record]:
    """Every record served by the local openFDA in the demo: SYNTHETIC ketamine/esketamine
    reports, synthetic and real other-drug reports, and the awkward records.

    Same arguments, same output, byte for byte once serialised. The cyclic garbage collector
    is paused meanwhile: the records hold no cycles, and its passes over a growing list of
    dicts cost a fifth of the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return list(iter_sample_records(seed=seed, today=today, scale=scale))
    finally:
        if was_enabled:
            gc.enable()


def _special_records(seed: int, today: date) -> dict[str, list[tuple[int, Record]]]:
    """Real background and awkward records by quarter, each as (receive day, record), in
    receive order."""
    by_quarter: dict[str, list[tuple[int, Record]]] = {}
    for record in load_real_background() + build_awkward_records(seed, today):
        received = record["receivedate"]
        day = date(int(received[:4]), int(received[4:6]), int(received[6:8]))
        if day <= today:
            by_quarter.setdefault(quarter_of_receivedate(received), []).append(
                (day.toordinal(), record)
            )
    for records in by_quarter.values():
        records.sort(key=lambda pair: pair[0])
    return by_quarter


# --- classification and summary (for tests and the service's self-checks) ---------------
_ESKETAMINE_MARKS = ("ESKETAMINE", "SPRAVATO", "S-KETAMINE", "KETAMINE (S)", "KETANEST S")
_KETAMINE_MARKS = ("KETAMINE", "KETALAR")


def products_named(record: Record) -> set[str]:
    """Which of ``{"ketamine", "esketamine"}`` a record names, in any drug entry's product
    name, active substance or openfda names. Copes with the awkward shapes."""
    found: set[str] = set()
    for drug in _drug_entries(record):
        text = _drug_text(drug)
        if any(mark in text for mark in _ESKETAMINE_MARKS):
            found.add("esketamine")
        elif any(mark in text for mark in _KETAMINE_MARKS):
            found.add("ketamine")
    return found


def _drug_entries(record: Record) -> list[dict[str, Any]]:
    drugs = (record.get("patient") or {}).get("drug") or []
    return [drugs] if isinstance(drugs, dict) else [d for d in drugs if isinstance(d, dict)]


def _drug_text(drug: dict[str, Any]) -> str:
    parts = [str(drug.get("medicinalproduct") or "")]
    substance = drug.get("activesubstance")
    if isinstance(substance, dict):
        parts.append(str(substance.get("activesubstancename") or ""))
    openfda = drug.get("openfda")
    if isinstance(openfda, dict):
        for key in ("brand_name", "generic_name", "substance_name"):
            parts.extend(openfda.get(key) or [])
    return " | ".join(parts).upper()


def corpus_summary(records: Iterable[Record], *, today: date | None = None) -> dict[str, Any]:
    """Counts per quarter and product: what the local service should answer, worked out
    from the records themselves.

    ``quarters`` lists every quarter from 2004Q1 to the quarter of ``today`` (default: the
    latest receivedate), empty ones included."""
    per_quarter: dict[str, Counter[str]] = {}
    totals: Counter[str] = Counter()
    for record in records:
        quarter = quarter_of_receivedate(record["receivedate"])
        counts = per_quarter.setdefault(quarter, Counter())
        named = products_named(record)
        keys = ["records", *sorted(named)]
        if named:
            keys.append("matching")
        if len(named) == 2:
            keys.append("both")
        counts.update(keys)
        totals.update(keys)
    last = all_quarters(today)[-1] if today else max(per_quarter, default="2004Q1")
    quarters = {
        q: {k: per_quarter.get(q, Counter())[k] for k in _SUMMARY_KEYS}
        for q in quarters_between("2004Q1", last)
    }
    largest = max(quarters, key=lambda q: quarters[q]["matching"])
    esketamine_quarters = [q for q, c in quarters.items() if c["esketamine"]]
    return {
        "synthetic": True,
        **{k: totals[k] for k in _SUMMARY_KEYS},
        "background": totals["records"] - totals["matching"],
        "quarters": quarters,
        "largest_quarter": largest,
        "largest_quarter_matching": quarters[largest]["matching"],
        "empty_quarters": [q for q, c in quarters.items() if not c["matching"]],
        "first_esketamine_quarter": esketamine_quarters[0] if esketamine_quarters else None,
    }


_SUMMARY_KEYS = ("records", "matching", "ketamine", "esketamine", "both")

__all__ = [
    "SAMPLE_SEED",
    "IdAllocator",
    "Product",
    "corpus_summary",
    "generate_sample_corpus",
    "iter_sample_records",
    "products_named",
]
