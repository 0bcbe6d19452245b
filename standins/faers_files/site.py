"""``LocalFaersFiles``: the stand-in site, a threaded HTTP server on its own thread.

Which quarters are published is a mapping of zip name to file, changeable while the site
runs (:meth:`LocalFaersFiles.publish`, :meth:`~LocalFaersFiles.withdraw`), so a test can
publish a new quarter, or a re-issued zip of a quarter, between two runs.
"""

from __future__ import annotations

import logging
import socket
import sys
import threading
from collections.abc import Mapping
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

from .faults import FaultPlan
from .handler import RequestRecord, SiteHandler
from .names import ZIP_NAME
from .page import EXPORTS_PATH, PAGE_PATH

_log = logging.getLogger(__name__)


class SiteHTTPServer(ThreadingHTTPServer):
    """The server of one site: a daemon thread per connection, each tracked so that
    :meth:`close_connections` can end idle keep-alive ones on stop."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], site: LocalFaersFiles) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.site = site
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, SiteHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return  # the client went away (drops, deadlines): nothing to report
        _log.exception("local FDA files site: unexpected error while answering")

    def close_connections(self) -> None:
        with self.connections_lock:
            connections = list(self.connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class LocalFaersFiles:
    """FDA's quarterly-files download site on 127.0.0.1: the index page at
    :data:`PAGE_PATH` and each published zip at ``/content/Exports/<name>``.

    Use as a context manager (``with LocalFaersFiles(zips) as site: site.page_url``) or call
    :meth:`start`/:meth:`stop`. ``faults`` injects failures; ``requests`` tells what was
    asked and answered. ``accept_ranges=False`` makes it answer every ``Range`` request
    with the whole file (200), as some servers do.
    """

    def __init__(
        self,
        zips: Mapping[str, str | Path] | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        accept_ranges: bool = True,
    ) -> None:
        self.host = host
        self.port = port
        self.accept_ranges = accept_ranges
        self.faults = FaultPlan()
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._zips: dict[str, Path] = {}
        self._requests: list[RequestRecord] = []
        self._server: SiteHTTPServer | None = None
        self._thread: threading.Thread | None = None
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

    # -- lifecycle --------------------------------------------------------------------

    def start(self) -> LocalFaersFiles:
        """Bind and serve in a daemon thread; returns self."""
        if self._server is not None:
            raise RuntimeError("the local FDA files site is already running")
        self.stopping.clear()
        self._server = SiteHTTPServer((self.host, self.port), self)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"local-faers-files-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, wake slow answers and close open keep-alive connections."""
        server, self._server = self._server, None
        if server is None:
            return
        self.stopping.set()
        server.shutdown()
        server.close_connections()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> LocalFaersFiles:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def serve_forever(self) -> None:
        """Block until interrupted (the command line); starts the server if needed."""
        if self._server is None:
            self.start()
        try:
            while self._thread is not None and self._thread.is_alive():
                self._thread.join(timeout=0.5)
        finally:
            self.stop()

    # -- addresses and the log --------------------------------------------------------

    @property
    def url(self) -> str:
        """Base address without trailing slash, e.g. ``http://127.0.0.1:54321``."""
        if self._server is None:
            raise RuntimeError("the local FDA files site is not running; call start() first")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

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
