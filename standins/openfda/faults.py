"""Switchable faults for the local openFDA service.

The pipeline has to survive what api.fda.gov really does on long paginations: gateway 429s,
transient 5xx, stalls, connections cut mid-body and totals that move between pages. Tests
switch these on from Python (``server.faults.inject(...)``) or, for a server in another
process, over HTTP (``POST /_admin/faults``). Every fault that fires is counted in
:attr:`FaultPlan.fired`, so a test can assert that the client really met it.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from typing import Any, ClassVar

from ..fault_plan import STATUS_KINDS, FaultRule, RulePlan

HOSTILE_KINDS = (
    "link_loop",
    "empty_pages_with_link",
    "too_many_records",
    "drop_link",
    "trickle",
    "gzip_bomb",
    "charset",
    "redirect_off_origin",
    "redirect_same_origin",
)
FAULT_KINDS = (
    *STATUS_KINDS,
    "slow",
    "drop",
    "truncate",
    "shift_total",
    *HOSTILE_KINDS,
)
"""What each kind does to a matching ``/drug/event.json`` request:

- ``429``: the gateway's OVER_RATE_LIMIT body (``Retry-After`` only if ``retry_after`` is set).
- ``500``: openFDA's transient ``SERVER_ERROR`` body (no ``details``).
- ``502``, ``503``: an HTML page from the proxy in front of openFDA (``503`` honours
  ``retry_after``).
- ``slow``: waits ``delay`` seconds, then answers normally (the client's timeout should fire).
- ``drop``: sends the status line, headers with the full ``Content-Length`` and part of the
  body, then closes the connection.
- ``truncate``: a complete 200 response whose JSON is cut short (``Content-Length`` fits the
  cut body).
- ``shift_total``: changes the corpus just before answering: ``shift > 0`` adds that many
  copies of the first matching records (new ``safetyreportid`` ``<id>-shift<n>``),
  ``shift < 0`` deletes that many matching records from the end of the requested order. The
  answer, and every later one, sees the new total. For arbitrary changes use
  ``LocalOpenFDA.replace_records``.

The hostile kinds (:data:`HOSTILE_KINDS`, answered by :mod:`.hostile`) are a server that
tries to run up the client's cost or feed it what it should not trust:

- ``link_loop``: the real page, whose ``Link`` points back at the request's own URL.
- ``empty_pages_with_link``: a 200 page with no results that still links to a new address
  (a ``search_after`` nobody asked for), forever while the rule keeps firing.
- ``too_many_records``: the real page, but ``meta.results.total`` announces ``size``
  (default 1) records.
- ``drop_link``: the real page without its ``Link``: paging ends early, short of the total.
- ``trickle``: the real page, ``Content-Length`` and all, written in ``size`` pieces
  (default 20) with ``delay`` seconds between them: every read gets bytes in time.
- ``gzip_bomb``: ``Content-Encoding: gzip`` whose body inflates to ``size`` bytes (default
  256 MiB) of valid JSON (an empty page padded with spaces), whatever the client accepts.
- ``charset``: the real page encoded with the Python codec ``encoding`` (``utf-8``,
  ``utf-8-sig``, ``utf-16``, ``utf-16-le``, ``utf-32`` ...) and served as ``text/plain``
  without a ``charset``.
- ``redirect_off_origin``: a 302 to ``location``, by default the same request on
  ``localhost`` instead of the address asked (another origin that serves the same data).
- ``redirect_same_origin``: a 302 to the request's own path on the same server.
"""


@dataclass
class Fault(FaultRule):
    """One injected fault rule (:class:`~standins.fault_plan.FaultRule`) with the service's
    own options: ``shift`` (of ``shift_total``), ``size`` (of the hostile kinds) and
    ``encoding`` (of ``charset``)."""

    kinds: ClassVar[tuple[str, ...]] = FAULT_KINDS

    shift: int = 1
    size: int = 0
    encoding: str = "utf-8"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.kind == "shift_total" and self.shift == 0:
            raise ValueError("shift_total needs a non-zero shift")
        if self.size < 0:
            raise ValueError(f"size must be >= 0, got {self.size}")
        codecs.lookup(self.encoding)  # LookupError (a ValueError) for an unknown codec

    @property
    def is_hostile(self) -> bool:
        """True for the kinds answered by :mod:`.hostile`."""
        return self.kind in HOSTILE_KINDS

    @property
    def is_status(self) -> bool:
        """True for faults answered with an error status instead of the real page."""
        return self.kind in STATUS_KINDS


class FaultPlan(RulePlan[Fault]):
    """The active fault rules of one server, checked in insertion order; thread-safe.

    ``match`` is a substring of the request's path and decoded query without the API key,
    e.g. ``/drug/event.json?search=receivedate:[20200101 TO 20200331]&limit=1000``.
    """

    def inject(
        self,
        kind: str,
        *,
        times: int | None = None,
        rate: float | None = None,
        seed: int = 0,
        retry_after: int | None = None,
        delay: float = 5.0,
        match: str | None = None,
        shift: int = 1,
        size: int = 0,
        encoding: str = "utf-8",
        location: str | None = None,
    ) -> Fault:
        """Add a rule. With neither ``times`` nor ``rate`` it fires once; with both it fires
        with probability ``rate`` at most ``times`` times."""
        rule = Fault(
            kind=str(kind),
            times=times,
            rate=rate,
            seed=seed,
            retry_after=retry_after,
            delay=delay,
            match=match,
            shift=shift,
            size=size,
            encoding=encoding,
            location=location,
        )
        self._add(rule)
        return rule

    def inject_json(self, spec: Any) -> list[Fault]:
        """Add the rule(s) of an admin request body: one object or a list of them. All are
        checked before any is added; unknown keys are an error, not ignored."""
        rules = [_fault_from_json(item) for item in (spec if isinstance(spec, list) else [spec])]
        self._add(*rules)
        return rules


_JSON_FIELDS = frozenset(
    {
        "kind",
        "times",
        "rate",
        "seed",
        "retry_after",
        "delay",
        "match",
        "shift",
        "size",
        "encoding",
        "location",
    }
)


def _fault_from_json(spec: Any) -> Fault:
    if not isinstance(spec, dict):
        raise ValueError('a fault is a JSON object such as {"kind": "429", "times": 2}')
    unknown = sorted(set(spec) - _JSON_FIELDS)
    if unknown:
        raise ValueError(f"unknown fault field(s) {unknown}; allowed: {sorted(_JSON_FIELDS)}")
    if "kind" not in spec:
        raise ValueError(f"a fault needs a 'kind', one of {FAULT_KINDS}")
    return Fault(**{**spec, "kind": str(spec["kind"])})
