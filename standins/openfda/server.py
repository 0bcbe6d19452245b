"""A local stand-in for openFDA's ``GET /drug/event.json``, served over real HTTP.

openFDA cannot be reached from where this project is built and tests must not depend on it,
so the client is exercised against this server instead. It reproduces the backend's
observable behaviour (FDA/openfda ``api/faers``: ``api_request.js``, ``api.js``,
``traversal.js``) as written down in ``docs/sources/openfda-api-notes.md``: parameter checks
and their exact messages, the ``meta`` block, 404/400/500 bodies, ``skip`` and
``search_after`` paging with the ``Link`` header (including its quirks), ``count`` terms and
date histograms. On top of that it injects faults (:mod:`.faults`) and records what it
served, so tests can prove that nothing was lost.

This module runs the service (on the threaded server of :mod:`standins.http_server`) and
keeps its log; requests are framed by :mod:`.handler` and answered by :mod:`.answers` over
a :mod:`.corpus`. ``Corpus`` and ``answer_request`` stay importable from here.
"""

from __future__ import annotations

import copy
import ipaddress
import itertools
import json
import logging
import threading
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..http_server import LocalHTTPService, TrackedHTTPServer
from .answers import Answer, answer_request
from .corpus import Corpus
from .errors import ApiError, QueryError, QuerySyntaxError
from .faults import FaultPlan
from .handler import RequestHandler, RequestRecord
from .params import check_params
from .sorting import sort_keys
from .values import as_text

_log = logging.getLogger(__name__)


class ServiceHTTPServer(TrackedHTTPServer):
    """The HTTP server of one :class:`LocalOpenFDA`; its handler finds the service at
    :attr:`service`."""

    def __init__(self, address: tuple[str, int], service: LocalOpenFDA) -> None:
        self.service = service
        super().__init__(address, RequestHandler, label=service.label)


def load_records(path: str | Path) -> list[dict[str, Any]]:
    """Records from a JSON-lines file, a JSON array, or a saved openFDA response."""
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    if isinstance(data, dict):
        return list(data["results"]) if isinstance(data.get("results"), list) else [data]
    return list(data)


def _is_loopback_host(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@dataclass
class _Log:
    requests: list[RequestRecord] = field(default_factory=list)
    served: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


class LocalOpenFDA(LocalHTTPService):
    """openFDA's drug/event endpoint over HTTP on 127.0.0.1, serving ``records``.

    Use as a context manager (``with LocalOpenFDA(records) as api: ... api.url``) or call
    :meth:`start`/:meth:`stop`. ``faults`` injects failures; ``requests`` and
    :meth:`served_ids` tell what was answered. With ``synthetic=True`` every response carries
    ``X-Sample-Corpus: synthetic`` so downstream code can label the data as the bundled
    sample.
    """

    label = "local openFDA"
    thread_name = "local-openfda"

    def __init__(
        self,
        records: Sequence[Mapping[str, Any]],
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        last_updated: str = "2026-11-20",
        synthetic: bool = True,
    ) -> None:
        super().__init__(host, port)
        self.synthetic = synthetic
        self.faults = FaultPlan()
        self._corpus = Corpus(records)
        self._last_updated = last_updated
        self._log = _Log()
        self._mutate_lock = threading.Lock()
        self._shift_serial = itertools.count(1)
        if not _is_loopback_host(host):
            _log.warning("local openFDA will listen on %s, beyond this machine", host)

    # -- serving: start, stop and url are LocalHTTPService's ---------------------------

    def _bind(self) -> ServiceHTTPServer:
        return ServiceHTTPServer((self.host, self.port), self)

    # -- data -----------------------------------------------------------------------------

    @property
    def last_updated(self) -> str:
        return self._last_updated

    def set_last_updated(self, value: str) -> None:
        self._last_updated = value

    def replace_records(self, records: Sequence[Mapping[str, Any]]) -> None:
        """Swap the corpus atomically; requests already running finish on the old one."""
        corpus = Corpus(records)
        with self._mutate_lock:
            self._corpus = corpus

    @property
    def records(self) -> list[Mapping[str, Any]]:
        return list(self._corpus.records)

    def answer(
        self, pairs: Sequence[tuple[str, str]], *, link_base: str = "http://127.0.0.1"
    ) -> Answer:
        """The backend's answer to decoded query parameters, without HTTP or faults."""
        return answer_request(
            self._corpus, pairs, last_updated=self._last_updated, link_base=link_base
        )

    def _shift_total(self, pairs: Sequence[tuple[str, str]], shift: int) -> None:
        with self._mutate_lock:
            corpus = self._corpus
            try:
                request = check_params(pairs)
                rows = corpus.ordered(request.search, sort_keys(request.sort)).rows
            except (ApiError, QueryError, QuerySyntaxError):
                return  # the answer itself will report the problem
            records = list(corpus.records)
            if shift > 0:
                for row in rows[:shift]:
                    clone = copy.deepcopy(dict(records[row]))
                    original = as_text(clone.get("safetyreportid", "report"))
                    clone["safetyreportid"] = f"{original}-shift{next(self._shift_serial)}"
                    records.append(clone)
            else:
                removed = set(rows[shift:])
                records = [rec for row, rec in enumerate(records) if row not in removed]
            self._corpus = Corpus(records)

    # -- what was served ---------------------------------------------------------------

    def _log_request(
        self,
        record: RequestRecord,
        status: int,
        result: Answer | None,
        *,
        served: bool = False,
    ) -> None:
        entry = RequestRecord(
            record.path,
            record.params,
            status,
            result.n_results if result else 0,
            record.fault,
            result.link if result else None,
            result.total if result else None,
        )
        with self._log.lock:
            self._log.requests.append(entry)
            if served and result is not None and status == 200:
                self._log.served.update(result.ids)

    @property
    def requests(self) -> list[RequestRecord]:
        """Every ``/drug/event.json`` request answered so far (admin calls excluded)."""
        with self._log.lock:
            return list(self._log.requests)

    def served_ids(self) -> Counter[str]:
        """How often each ``safetyreportid`` was answered in a whole 200 page. Pages cut by
        a ``drop``/``truncate`` fault or held back by ``slow`` (the client is meant to have
        given up) do not count."""
        with self._log.lock:
            return Counter(self._log.served)

    def clear_requests(self) -> None:
        with self._log.lock:
            self._log.requests.clear()
            self._log.served.clear()
