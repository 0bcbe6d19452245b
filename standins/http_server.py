"""What the stand-ins share to serve over real HTTP: a threaded server on a daemon thread of
its own, which tracks its open connections so that stopping it also ends idle keep-alive
ones, the lifecycle around it (start, stop, a context manager, serving in the foreground
from the command line) and its base address.

A stand-in subclasses :class:`LocalHTTPService`, names itself and binds its own server and
request handler; what it answers, its faults and its request log stay in its own package.
"""

from __future__ import annotations

import logging
import socket
import sys
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar, Self

from ketamine_faers.foreground import run_until_stopped

_log = logging.getLogger(__name__)


class TrackedHTTPServer(ThreadingHTTPServer):
    """A daemon thread per connection, each connection tracked so that
    :meth:`close_connections` can end idle keep-alive ones on stop. ``label`` names the
    stand-in in the log."""

    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseHTTPRequestHandler],
        *,
        label: str,
    ) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.label = label
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return  # the client went away (timeouts, drops, deadlines): nothing to report
        _log.exception("%s: unexpected error while answering a request", self.label)

    def close_connections(self) -> None:
        with self.connections_lock:
            connections = list(self.connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class TrackedRequestHandler(BaseHTTPRequestHandler):
    """Keeps its connection in :attr:`TrackedHTTPServer.connections` while it is open."""

    server: TrackedHTTPServer

    def setup(self) -> None:
        super().setup()
        with self.server.connections_lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            with self.server.connections_lock:
                self.server.connections.discard(self.connection)


class LocalHTTPService(ABC):
    """A stand-in served on ``host:port`` (port 0 picks a free one) from a daemon thread.

    Use as a context manager (``with service: service.url``) or call :meth:`start` and
    :meth:`stop`. :attr:`stopping` is set while it stops, so that slow answers waiting on it
    wake and give up.
    """

    label: ClassVar[str]
    """How messages name the stand-in, e.g. ``local openFDA``."""
    thread_name: ClassVar[str]
    """The serving thread's name, before ``-<port>``."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.stopping = threading.Event()
        self._server: TrackedHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @abstractmethod
    def _bind(self) -> TrackedHTTPServer:
        """A server bound to ``(self.host, self.port)`` with the stand-in's handler."""

    def start(self) -> Self:
        """Bind and serve in a daemon thread; returns self."""
        if self._server is not None:
            raise RuntimeError(f"{self.label} is already running")
        self.stopping.clear()
        self._server = self._bind()
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"{self.thread_name}-{self.port}",
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

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """Base address without trailing slash, e.g. ``http://127.0.0.1:54321``."""
        if self._server is None:
            raise RuntimeError(f"{self.label} is not running; call start() first")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"


def serve_until_interrupted(service: LocalHTTPService, banner: Callable[[], str]) -> int:
    """Serve in the foreground until Ctrl-C or SIGTERM, for a ``python -m`` command: starts
    the service, prints ``banner()`` (which may read its address) once the signal handlers
    are in place and returns 0 once a signal has stopped it (:func:`run_until_stopped`,
    shared with ``ketamine-faers serve``)."""

    def start() -> threading.Thread:
        service.start()
        assert service._thread is not None
        return service._thread

    return run_until_stopped(start, service.stop, banner)
