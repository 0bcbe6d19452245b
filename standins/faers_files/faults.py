"""Switchable faults for the local FDA download site, seeded and reproducible.

The downloader has to survive what a file server does to an 80-quarter backfill: 5xx and
429 answers, connections cut mid-body, bodies cut short with a matching ``Content-Length``,
trickled bodies, redirects to another host, and a page that misstates a size. Tests switch
them on with ``site.faults.inject(kind, ...)``; every fault that fires is counted in
:attr:`FaultPlan.fired`, so a test can assert the client really met it.
"""

from __future__ import annotations

import random
import threading
from dataclasses import asdict, dataclass, field
from typing import Any

REQUEST_KINDS = (
    "429",
    "500",
    "502",
    "503",
    "slow",
    "drop",
    "truncate",
    "trickle",
    "redirect_off_origin",
)
PAGE_KINDS = ("wrong_size", "userinfo_links", "foreign_link")
FAULT_KINDS = (*REQUEST_KINDS, *PAGE_KINDS)
"""What each kind does.

Request kinds (``match``: a substring of the request path, e.g. a zip's name):

- ``429``, ``500``, ``502``, ``503``: an error page; ``429``/``503`` send ``Retry-After``
  when ``retry_after`` is set.
- ``slow``: waits ``delay`` seconds before the status line (a header deadline should fire).
- ``drop``: the status line, headers with the full ``Content-Length``, ``at`` bytes of the
  body (default half), then the connection is shut.
- ``truncate``: a complete 200 answer (``Range`` ignored) holding the first ``at`` bytes of
  the file (default half), with a ``Content-Length`` that fits the cut body.
- ``trickle``: the real answer written in ``pieces`` pieces ``delay`` seconds apart.
- ``redirect_off_origin``: a 302 to ``location``, by default the same path on ``localhost``
  (another origin serving the same files).

Page kinds (``match``: a substring of a zip's name; each listed zip draws separately):

- ``wrong_size``: the page shows ``factor`` times the real size (default 3).
- ``userinfo_links``: the zip's link carries ``userinfo@`` (default ``user:secret``).
- ``foreign_link``: the page also links a zip on another host (drawn once per page).
"""


@dataclass
class Fault:
    """One rule. ``times`` bounds how often it fires; ``rate`` makes each matching request
    fire with that probability from a RNG seeded with ``seed`` (reproducible runs)."""

    kind: str
    times: int | None = None
    rate: float | None = None
    seed: int = 0
    match: str | None = None
    retry_after: int | None = None
    delay: float = 5.0
    at: int | None = None
    pieces: int = 20
    location: str | None = None
    factor: float = 3.0
    userinfo: str = "user:secret"
    fired: int = 0
    _rng: random.Random = field(default_factory=random.Random, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {FAULT_KINDS}")
        if self.times is None and self.rate is None:
            self.times = 1
        if self.times is not None and self.times < 0:
            raise ValueError(f"times must be >= 0, got {self.times}")
        if self.rate is not None and not 0.0 <= self.rate <= 1.0:
            raise ValueError(f"rate must be between 0 and 1, got {self.rate}")
        if self.delay < 0 or self.pieces < 1 or (self.at is not None and self.at < 0):
            raise ValueError("delay and at must be >= 0, pieces >= 1")
        self._rng.seed(self.seed)

    @property
    def status(self) -> int | None:
        """The HTTP status of a status fault, else None."""
        return int(self.kind) if self.kind.isdigit() else None

    def _fires(self, target: str) -> bool:
        if self.times is not None and self.fired >= self.times:
            return False
        if self.match is not None and self.match not in target:
            return False
        return self.rate is None or self._rng.random() < self.rate

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("_rng")
        return data


class FaultPlan:
    """The active rules of one site, checked in insertion order; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[Fault] = []
        self._fired: dict[str, int] = {}

    def inject(self, kind: str, **options: Any) -> Fault:
        """Add a rule (options: the fields of :class:`Fault`). With neither ``times`` nor
        ``rate`` it fires once."""
        rule = Fault(kind=str(kind), **options)
        with self._lock:
            self._rules.append(rule)
        return rule

    def clear(self) -> None:
        """Remove every rule; the :attr:`fired` counts are kept."""
        with self._lock:
            self._rules.clear()

    def draw(self, target: str, kinds: tuple[str, ...] = REQUEST_KINDS) -> Fault | None:
        """The first rule among ``kinds`` that fires for ``target``; counts it as fired."""
        with self._lock:
            for rule in self._rules:
                if rule.kind in kinds and rule._fires(target):
                    rule.fired += 1
                    self._fired[rule.kind] = self._fired.get(rule.kind, 0) + 1
                    return rule
        return None

    @property
    def fired(self) -> dict[str, int]:
        """How many times each kind has fired."""
        with self._lock:
            return dict(self._fired)

    @property
    def rules(self) -> list[Fault]:
        with self._lock:
            return list(self._rules)
