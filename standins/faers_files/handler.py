"""The HTTP side of the site: the index page, the zips (with single ``Range`` requests, as
FDA's server honours them) and the injected faults of :mod:`.faults`."""

from __future__ import annotations

import re
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import formatdate
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from ..http_server import TrackedRequestHandler
from .faults import Fault
from .names import shown_mb
from .page import EXPORTS_PATH, PAGE_PATH, PageEntry, render_page

if TYPE_CHECKING:
    from .site import SiteHTTPServer

_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)
_PIECE = 64 * 1024


@dataclass(frozen=True)
class RequestRecord:
    """One request answered: its path, the ``Range`` header asked, the status, how many
    body bytes the answer was to carry (after any ``drop``/``truncate`` cut) and the fault
    that fired, if any."""

    path: str
    range: str | None
    status: int
    body_bytes: int
    fault: str | None = None


class SiteHandler(TrackedRequestHandler):
    server: SiteHTTPServer
    protocol_version = "HTTP/1.1"
    timeout = 30
    disable_nagle_algorithm = True  # headers and body are separate writes

    def version_string(self) -> str:
        return "Apache"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Quiet: tests read :attr:`LocalFaersFiles.requests` instead."""

    def do_GET(self) -> None:  # noqa: N802
        site = self.server.site
        path = urlsplit(self.path).path
        asked = self.headers.get("Range")
        fault = site.faults.draw(path)
        kind = fault.kind if fault else None
        if fault is not None and fault.kind == "slow" and site.stopping.wait(fault.delay):
            self.close_connection = True
            return
        if fault is not None and fault.status is not None:
            site.log(RequestRecord(path, asked, fault.status, 0, kind))
            self._error_page(fault.status, fault.retry_after)
        elif fault is not None and fault.kind == "redirect_off_origin":
            port = self.server.server_address[1]
            location = fault.location or f"http://localhost:{port}{self.path}"
            site.log(RequestRecord(path, asked, 302, 0, kind))
            self._send(302, [("Location", location), ("Content-Type", "text/html")], b"Found\n")
        elif path == PAGE_PATH:
            body = self._page().encode("utf-8")
            site.log(RequestRecord(path, asked, 200, len(body), kind))
            self._send(200, [("Content-Type", "text/html; charset=UTF-8")], body)
        elif path.startswith(EXPORTS_PATH) and site.zip_path(self._name(path)) is not None:
            self._zip(path, asked, fault)
        else:
            site.log(RequestRecord(path, asked, 404, 0, kind))
            self._error_page(404, None)

    # -- the page ---------------------------------------------------------------------

    def _base(self, userinfo: str | None = None) -> str:
        host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
        return f"http://{userinfo + '@' if userinfo else ''}{host}"

    def _page(self) -> str:
        site = self.server.site
        entries = []
        for name, path in sorted(site.published.items()):
            size = path.stat().st_size
            wrong = site.faults.draw(name, ("wrong_size",))
            shown = shown_mb(int(size * wrong.factor)) if wrong else shown_mb(size)
            userinfo = site.faults.draw(name, ("userinfo_links",))
            base = self._base(userinfo.userinfo if userinfo else None)
            entries.append(PageEntry(name, f"{base}{EXPORTS_PATH}{name}", shown))
        foreign = site.faults.draw(PAGE_PATH, ("foreign_link",)) is not None
        return render_page(
            entries, xml_href=lambda n: f"{self._base()}{EXPORTS_PATH}{n}", foreign_link=foreign
        )

    # -- the zips ---------------------------------------------------------------------

    @staticmethod
    def _name(path: str) -> str:
        return unquote(path[len(EXPORTS_PATH) :])

    def _zip(self, path: str, asked: str | None, fault: Fault | None) -> None:
        site = self.server.site
        file = site.zip_path(self._name(path))
        assert file is not None
        size = file.stat().st_size
        kind = fault.kind if fault else None
        headers = [
            ("Content-Type", "application/x-zip-compressed"),
            ("Last-Modified", formatdate(file.stat().st_mtime, usegmt=True)),
        ]
        if site.accept_ranges:
            headers.append(("Accept-Ranges", "bytes"))
        start, stop, status = 0, size, 200
        if kind == "truncate":
            stop = size // 2 if fault is None or fault.at is None else min(fault.at, size)
        elif asked and site.accept_ranges:
            match = _RANGE.match(asked)
            if match and (match.group(1) or match.group(2)):
                first, last = match.group(1), match.group(2)
                start = int(first) if first else max(0, size - int(last))
                stop = min(size, int(last) + 1) if first and last else size
                if start >= size or stop <= start:
                    site.log(RequestRecord(path, asked, 416, 0, kind))
                    self._send(416, [("Content-Range", f"bytes */{size}")], b"")
                    return
                status = 206
                headers.append(("Content-Range", f"bytes {start}-{stop - 1}/{size}"))
        length = stop - start
        cut = None
        if kind == "drop":
            cut = length // 2 if fault is None or fault.at is None else min(fault.at, length)
        site.log(RequestRecord(path, asked, status, length if cut is None else cut, kind))
        self._stream(status, headers, file, start, length, cut, fault)

    def _stream(
        self,
        status: int,
        headers: Sequence[tuple[str, str]],
        file: Path,
        start: int,
        length: int,
        cut: int | None,
        fault: Fault | None,
    ) -> None:
        """Send ``length`` bytes of ``file`` from ``start``; stop after ``cut`` bytes and
        shut the connection (``drop``), or space pieces ``delay`` apart (``trickle``)."""
        trickle = fault is not None and fault.kind == "trickle"
        piece = max(1, -(-length // fault.pieces)) if trickle and fault else _PIECE
        to_send = length if cut is None else cut
        try:
            self._head(status, headers, length)
            with open(file, "rb") as source:
                source.seek(start)
                while to_send > 0:
                    if trickle and fault and self.server.site.stopping.wait(fault.delay):
                        break
                    data = source.read(min(piece, to_send))
                    if not data:
                        break
                    self.wfile.write(data)
                    to_send -= len(data)
            if cut is not None:
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
        except (ConnectionError, TimeoutError, OSError):
            self.close_connection = True

    # -- plumbing ---------------------------------------------------------------------

    def _error_page(self, status: int, retry_after: int | None) -> None:
        reason = self.responses.get(status, ("Error",))[0]
        body = f"<html><head><title>{status} {reason}</title></head><body><h1>{reason}</h1>"
        headers = [("Content-Type", "text/html")]
        if retry_after is not None and status in (429, 503):
            headers.append(("Retry-After", str(retry_after)))
        self._send(status, headers, (body + "</body></html>\n").encode())

    def _head(self, status: int, headers: Sequence[tuple[str, str]], length: int) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(length))
        self.end_headers()

    def _send(self, status: int, headers: Sequence[tuple[str, str]], body: bytes) -> None:
        try:
            self._head(status, headers, len(body))
            self.wfile.write(body)
        except (ConnectionError, TimeoutError, OSError):
            self.close_connection = True
