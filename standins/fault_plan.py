"""What the stand-ins' fault plans share: a rule that fires a bounded number of times or with
a seeded probability (so a run is reproducible), and a thread-safe plan of rules, checked in
insertion order, that counts every fault that fires so a test can assert the client met it.

Each stand-in subclasses both with its own kinds and options (:mod:`standins.openfda.faults`,
:mod:`standins.faers_files.faults`).
"""

from __future__ import annotations

import random
import threading
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

STATUS_KINDS = ("429", "500", "502", "503")
"""The kinds both stand-ins answer with that error status instead of the real answer."""


@dataclass
class FaultRule:
    """One rule. ``times`` bounds how often it fires; ``rate`` makes each matching request
    fire with that probability, drawn from a RNG seeded with ``seed``; with neither it fires
    once. ``match`` is a substring of what a request is drawn for (each stand-in says what).
    ``retry_after`` is sent with 429/503 answers, ``delay`` is the wait of slow kinds and
    ``location`` the target of redirects."""

    kinds: ClassVar[tuple[str, ...]] = ()
    """The kinds a stand-in knows."""

    kind: str
    times: int | None = None
    rate: float | None = None
    seed: int = 0
    match: str | None = None
    retry_after: int | None = None
    delay: float = 5.0
    location: str | None = None
    fired: int = 0
    _rng: random.Random = field(default_factory=random.Random, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in self.kinds:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {self.kinds}")
        if self.times is None and self.rate is None:
            self.times = 1
        if self.times is not None and self.times < 0:
            raise ValueError(f"times must be >= 0, got {self.times}")
        if self.rate is not None and not 0.0 <= self.rate <= 1.0:
            raise ValueError(f"rate must be between 0 and 1, got {self.rate}")
        if self.delay < 0:
            raise ValueError(f"delay must be >= 0, got {self.delay}")
        if self.retry_after is not None and self.retry_after < 0:
            raise ValueError(f"retry_after must be >= 0 seconds, got {self.retry_after}")
        self._rng.seed(self.seed)

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.fired >= self.times

    def _fires(self, target: str) -> bool:
        if self.exhausted or (self.match is not None and self.match not in target):
            return False
        return self.rate is None or self._rng.random() < self.rate

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("_rng")
        return data


RuleT = TypeVar("RuleT", bound=FaultRule)


class RulePlan(Generic[RuleT]):
    """The active rules of one stand-in, checked in insertion order; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[RuleT] = []
        self._fired: dict[str, int] = {}

    def _add(self, *rules: RuleT) -> None:
        with self._lock:
            self._rules.extend(rules)

    def clear(self) -> None:
        """Remove every rule; the :attr:`fired` counts are kept."""
        with self._lock:
            self._rules.clear()

    def reset_counts(self) -> None:
        with self._lock:
            self._fired.clear()
            for rule in self._rules:
                rule.fired = 0

    def draw(self, target: str, kinds: Collection[str] | None = None) -> RuleT | None:
        """The first rule (among ``kinds``, if given) that fires for ``target``; counts it
        as fired."""
        with self._lock:
            for rule in self._rules:
                if (kinds is None or rule.kind in kinds) and rule._fires(target):
                    rule.fired += 1
                    self._fired[rule.kind] = self._fired.get(rule.kind, 0) + 1
                    return rule
        return None

    @property
    def fired(self) -> dict[str, int]:
        """How many times each kind has fired since start (or :meth:`reset_counts`)."""
        with self._lock:
            return dict(self._fired)

    @property
    def rules(self) -> list[RuleT]:
        with self._lock:
            return list(self._rules)

    def to_dict(self) -> dict[str, Any]:
        with self._lock:
            return {
                "rules": [rule.to_dict() for rule in self._rules],
                "fired": dict(self._fired),
            }
