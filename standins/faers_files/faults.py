"""Switchable faults for the local FDA download site, seeded and reproducible.

The downloader has to survive what a file server does to an 80-quarter backfill: 5xx and
429 answers, connections cut mid-body, bodies cut short with a matching ``Content-Length``,
trickled bodies, redirects to another host, and a page that misstates a size. Tests switch
them on with ``site.faults.inject(kind, ...)``; every fault that fires is counted in
:attr:`FaultPlan.fired`, so a test can assert the client really met it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, ClassVar

from ..fault_plan import STATUS_KINDS, FaultRule, RulePlan

REQUEST_KINDS = (
    *STATUS_KINDS,
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
class Fault(FaultRule):
    """One rule (:class:`~standins.fault_plan.FaultRule`) with the site's own options:
    ``at`` (where ``drop`` and ``truncate`` cut), ``pieces`` (of a ``trickle``), ``factor``
    (of ``wrong_size``) and ``userinfo`` (of ``userinfo_links``)."""

    kinds: ClassVar[tuple[str, ...]] = FAULT_KINDS

    at: int | None = None
    pieces: int = 20
    factor: float = 3.0
    userinfo: str = "user:secret"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.pieces < 1 or (self.at is not None and self.at < 0):
            raise ValueError(f"at must be >= 0 and pieces >= 1, got {self.at} and {self.pieces}")

    @property
    def status(self) -> int | None:
        """The HTTP status of a status fault, else None."""
        return int(self.kind) if self.kind.isdigit() else None


class FaultPlan(RulePlan[Fault]):
    """The active rules of one site, checked in insertion order; thread-safe."""

    def inject(self, kind: str, **options: Any) -> Fault:
        """Add a rule (options: the fields of :class:`Fault`). With neither ``times`` nor
        ``rate`` it fires once."""
        rule = Fault(kind=str(kind), **options)
        self._add(rule)
        return rule

    def draw(self, target: str, kinds: Collection[str] | None = REQUEST_KINDS) -> Fault | None:
        """The first rule among ``kinds`` (by default the request kinds) that fires for
        ``target``; counts it as fired."""
        return super().draw(target, kinds)
