"""``LocalFaersFiles``: the stand-in site, served by :mod:`standins.http_server` (a threaded
HTTP server on its own thread).

Which quarters are published is a mapping of zip name to file, changeable while the site
runs (:meth:`LocalFaersFiles.publish`, :meth:`~LocalFaersFiles.withdraw`), so a test can
publish a new quarter, or a re-issued zip of a quarter, between two runs.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..http_server import LocalHTTPService, TrackedHTTPServer
from .faults import FaultPlan
from .handler import RequestRecord, SiteHandler
from .names import ZIP_NAME
from .page import EXPORTS_PATH, PAGE_PATH


class SiteHTTPServer(TrackedHTTPServer):
    """The server of one site; its handler finds the site at :attr:`site`."""

    def __init__(self, address: tuple[str, int], site: LocalFaersFiles) -> None:
        self.site = site
        super().__init__(address, SiteHandler, label=site.label)


class LocalFaersFiles(LocalHTTPService):
    """FDA's quarterly-files download site on 127.0.0.1: the index page at
    :data:`PAGE_PATH` and each published zip at ``/content/Exports/<name>``.

    Use as a context manager (``with LocalFaersFiles(zips) as site: site.page_url``) or call
    :meth:`start`/:meth:`stop`. ``faults`` injects failures; ``requests`` tells what was
    asked and answered. ``accept_ranges=False`` makes it answer every ``Range`` request
    with the whole file (200), as some servers do.
    """

    label = "the local FDA files site"
    thread_name = "local-faers-files"

    def __init__(
        self,
        zips: Mapping[str, str | Path] | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        accept_ranges: bool = True,
    ) -> None:
        super().__init__(host, port)
        self.accept_ranges = accept_ranges
        self.faults = FaultPlan()
        self._lock = threading.Lock()
        self._zips: dict[str, Path] = {}
        self._requests: list[RequestRecord] = []
        for name, path in (zips or {}).items():
            self.publish(name, path)

    @classmethod
    def from_folder(cls, folder: str | Path, **options: Any) -> LocalFaersFiles:
        """A site publishing every FDA-named zip in ``folder`` under its own name."""
        zips = {p.name: p for p in sorted(Path(folder).iterdir()) if ZIP_NAME.match(p.name)}
        return cls(zips, **options)

    # -- what is published ------------------------------------------------------------

    def publish(self, name: str, path: str | Path) -> None:
        """List ``name`` on the page and serve ``path`` under it (replacing any earlier
        file of that name: a re-issued quarter)."""
        if "/" in name or not name:
            raise ValueError(f"a zip name is one path segment, not {name!r}")
        file = Path(path)
        if not file.is_file():
            raise FileNotFoundError(f"no zip file at {file}")
        with self._lock:
            self._zips[name] = file

    def withdraw(self, name: str) -> None:
        """Take ``name`` off the page; its URL then answers 404."""
        with self._lock:
            self._zips.pop(name, None)

    @property
    def published(self) -> dict[str, Path]:
        with self._lock:
            return dict(self._zips)

    def zip_path(self, name: str) -> Path | None:
        with self._lock:
            return self._zips.get(name)

    # -- serving: start, stop and url are LocalHTTPService's ---------------------------

    def _bind(self) -> SiteHTTPServer:
        return SiteHTTPServer((self.host, self.port), self)

    # -- addresses and the log --------------------------------------------------------

    @property
    def page_url(self) -> str:
        return self.url + PAGE_PATH

    def zip_url(self, name: str) -> str:
        return f"{self.url}{EXPORTS_PATH}{name}"

    def log(self, record: RequestRecord) -> None:
        with self._lock:
            self._requests.append(record)

    @property
    def requests(self) -> list[RequestRecord]:
        """Every request answered so far, in order."""
        with self._lock:
            return list(self._requests)

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()
