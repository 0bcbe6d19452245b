"""A deadline on a whole HTTP exchange, enforced by shutting the socket down.

A socket timeout bounds one read, so a server feeding a byte every few seconds (headers or
body) can hold a request for as long as it likes. Checking the clock between reads does not
help either: a blocked read only returns when its buffer fills. So a timer thread shuts the
socket of the exchange down when the deadline passes; the blocked read then fails at once
and the session reports :class:`~ketamine_faers.http.errors.DeadlineExceededError`.

The socket is found through urllib3 connection classes that register it, at the moment the
request is sent, with the deadline of the calling thread (:func:`watched_adapter`).
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_local = threading.local()


class Deadline:
    """One exchange's deadline; a context manager that arms it for the current thread."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expires_at = time.monotonic() + seconds
        self.fired = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def remaining(self) -> float:
        return max(0.0, self.expires_at - time.monotonic())

    def attach(self, sock: socket.socket) -> None:
        with self._lock:
            if self.fired:
                _shut(sock)
            else:
                self._sockets.append(sock)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            for sock in self._sockets:
                _shut(sock)

    def __enter__(self) -> Deadline:
        _local.deadline = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        _local.deadline = None


class StreamDeadline(Deadline):
    """A deadline for a download that may rightly take an hour: ``seconds`` to get the
    answer's headers (connect and redirects included), then, once :meth:`body_started` is
    called, at least ``min_bytes_per_second`` on average over every ``window`` seconds.

    A fixed deadline would cut a large file on a slow but honest link; a per-read timeout
    lets a server trickle a byte at a time for ever. A floor on throughput bounds both: the
    whole exchange lasts at most ``seconds`` plus the byte cap over the floor. ``reason``
    says which rule fired.
    """

    def __init__(self, seconds: float, *, min_bytes_per_second: float, window: float) -> None:
        super().__init__(seconds)
        if min_bytes_per_second < 0 or window <= 0:
            raise ValueError("min_bytes_per_second must be >= 0 and window > 0")
        self.min_bytes_per_second = min_bytes_per_second
        self.window = window
        self.reason = ""
        self._received = 0
        self._window_start: float | None = None
        self._window_bytes = 0
        self._stop = threading.Event()
        self._watcher = threading.Thread(target=self._watch, name="stream-deadline", daemon=True)

    def body_started(self) -> None:
        """From now on the throughput floor applies instead of the header deadline."""
        self._window_bytes = self._received
        self._window_start = time.monotonic()

    def note(self, n_bytes: int) -> None:
        """Count bytes received (called by the reading thread after each chunk)."""
        self._received += n_bytes

    def remaining(self) -> float:
        if self._window_start is not None:
            return self.window
        return super().remaining()

    def _watch(self) -> None:
        tick = max(0.01, min(self.seconds, self.window) / 5)
        while not self._stop.wait(tick):
            now = time.monotonic()
            if self._window_start is None:
                if now >= self.expires_at:
                    self.reason = f"no answer within the {self.seconds:g} s deadline"
                    self._fire()
                    return
                continue
            if now - self._window_start < self.window:
                continue
            got = self._received - self._window_bytes
            if got < self.min_bytes_per_second * (now - self._window_start):
                self.reason = (
                    f"the body arrived slower than {self.min_bytes_per_second:,.0f} bytes/s "
                    f"({got:,} bytes in {now - self._window_start:.1f} s)"
                )
                self._fire()
                return
            self._window_start, self._window_bytes = now, self._received

    def __enter__(self) -> StreamDeadline:
        _local.deadline = self
        self._watcher.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        _local.deadline = None


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


def _register(sock: socket.socket | None) -> None:
    deadline: Deadline | None = getattr(_local, "deadline", None)
    if deadline is not None and sock is not None:
        deadline.attach(sock)


class _WatchedHTTPConnection(HTTPConnection):
    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        _register(self.sock)
        return super().getresponse(*args, **kwargs)


class _WatchedHTTPSConnection(HTTPSConnection):
    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        _register(self.sock)
        return super().getresponse(*args, **kwargs)


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class _WatchedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _WatchedHTTPPool,
            "https": _WatchedHTTPSPool,
        }


def watched_adapter() -> HTTPAdapter:
    """A transport adapter whose connections register their socket with the deadline of
    the thread that sends the request."""
    return _WatchedAdapter(max_retries=0)
