"""The HTTP side of the service: routing, openFDA's response headers and gzip, the injected
faults (status pages, stalls, cut or truncated bodies) and the loopback-only
``/_admin/faults`` endpoint. What to answer comes from :mod:`.answers`."""

from __future__ import annotations

import gzip
import ipaddress
import json
import socket
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from ..http_server import TrackedRequestHandler
from .answers import Answer
from .faults import Fault
from .hostile import answer_hostile
from .json_body import json_bytes
from .params import EVENT_PATH

if TYPE_CHECKING:
    from .server import ServiceHTTPServer

OVER_RATE_LIMIT_MESSAGE = (
    "You have exceeded your rate limit. Try again later or contact us at "
    "https://api.fda.gov:443/contact/ for assistance"
)
_BACKEND_HEADERS = (
    ("Content-Type", "application/json; charset=utf-8"),
    ("Cache-Control", "public, max-age=600"),
    ("Content-Security-Policy", "default-src 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "deny"),
    ("X-XSS-Protection", "1; mode=block"),
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Allow-Credentials", "true"),
    ("Vary", "Accept-Encoding"),
)
_GZIP_THRESHOLD = 1024  # Express's compression() leaves smaller bodies alone


@dataclass(frozen=True)
class RequestRecord:
    """One request the server answered. ``params`` never holds the API key."""

    path: str
    params: dict[str, str]
    status: int
    n_results: int
    fault: str | None = None
    link: str | None = None
    total: int | None = None


class RequestHandler(TrackedRequestHandler):
    server: ServiceHTTPServer
    protocol_version = "HTTP/1.1"
    timeout = 65  # like openFDA's keepAliveTimeout; idle keep-alive threads end after it
    # Headers and body are separate writes: with Nagle's algorithm the body waits for the
    # client's delayed ACK of the headers, about 40 ms on every keep-alive request.
    disable_nagle_algorithm = True

    def version_string(self) -> str:
        return "open.fda.gov"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Never log request lines: their query string may carry the API key."""

    # -- routing -------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802
        path = urlsplit(self.path).path
        if path.startswith("/_admin/"):
            self._admin()
        elif path == EVENT_PATH:
            self._event()
        else:
            message = f"No such endpoint: {path}. This local openFDA serves {EVENT_PATH}."
            self._send_json(404, {"error": {"code": "NOT_FOUND", "message": message}})

    def do_POST(self) -> None:  # noqa: N802
        self._admin()

    def do_DELETE(self) -> None:  # noqa: N802
        self._admin()

    # -- the openFDA endpoint ------------------------------------------------------------

    def _event(self) -> None:
        service = self.server.service
        split = urlsplit(self.path)
        pairs = [
            (key, value)
            for key, value in parse_qsl(split.query, keep_blank_values=True)
            if key != "api_key"  # the gateway consumes it; the backend never sees it
        ]
        target = split.path + "?" + "&".join(f"{key}={value}" for key, value in pairs)
        fault = service.faults.draw(target)
        record = RequestRecord(split.path, dict(pairs), 0, 0, fault.kind if fault else None)
        # Requests are logged before the answer goes out, so a client that has its answer
        # also finds it in ``requests``.
        if fault is not None and fault.is_status:
            service._log_request(record, int(fault.kind), None)
            self._send_status_fault(fault)
            return
        if fault is not None and fault.is_hostile:
            answer_hostile(self, fault, pairs, record, _BACKEND_HEADERS)
            return
        if fault is not None and fault.kind == "shift_total":
            service._shift_total(pairs, fault.shift)
        if fault is not None and fault.kind == "slow" and service.stopping.wait(fault.delay):
            self.close_connection = True
            return
        result = service.answer(pairs, link_base=self._link_base())
        body = json_bytes(result.payload)
        whole = fault is None or fault.kind not in ("drop", "truncate", "slow")
        service._log_request(record, result.status, result, served=whole)
        self._send_answer(result, body, fault)

    def _link_base(self) -> str:
        if self.headers.get("x-api-umbrella-request-id"):
            return "https://api.fda.gov"
        host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
        return f"http://{host}"

    def _send_answer(self, result: Answer, body: bytes, fault: Fault | None) -> None:
        """Send the page, degraded by a drop/truncate fault."""
        if fault is not None and fault.kind == "truncate":
            body = body[: max(1, len(body) // 2)]
        headers = list(_BACKEND_HEADERS)
        if result.link:
            headers.append(("Link", f'<{result.link}>; rel="next"'))
        body = self._maybe_gzip(body, headers)
        cut_at = max(1, len(body) // 2) if fault is not None and fault.kind == "drop" else None
        self._send(result.status, headers, body, cut_at=cut_at)

    def _send_status_fault(self, fault: Fault) -> None:
        status = int(fault.kind)
        headers: list[tuple[str, str]] = []
        if fault.retry_after is not None and status in (429, 503):
            headers.append(("Retry-After", str(fault.retry_after)))
        if status == 429:
            code, message = "OVER_RATE_LIMIT", OVER_RATE_LIMIT_MESSAGE
            self._send_json(429, {"error": {"code": code, "message": message}}, headers)
        elif status == 500:
            error = {"code": "SERVER_ERROR", "message": "Check your request and try again"}
            self._send_json(500, {"error": error}, headers)
        else:
            reason = self.responses[status][0]
            page = f"<html><head><title>{status} {reason}</title></head><body>\n<center><h1>"
            page += f"{status} {reason}</h1></center>\n</body></html>\n"
            headers.append(("Content-Type", "text/html"))
            self._send(status, headers, page.encode())

    def _maybe_gzip(self, body: bytes, headers: list[tuple[str, str]]) -> bytes:
        accepted = self.headers.get("Accept-Encoding", "")
        if "gzip" not in accepted or len(body) < _GZIP_THRESHOLD:
            return body
        headers.append(("Content-Encoding", "gzip"))
        return gzip.compress(body, compresslevel=1, mtime=0)

    def _send_json(
        self,
        status: int,
        payload: Mapping[str, Any],
        extra_headers: Sequence[tuple[str, str]] = (),
    ) -> bool:
        headers = [*_BACKEND_HEADERS, *extra_headers]
        body = self._maybe_gzip(json_bytes(payload), headers)
        return self._send(status, headers, body)

    def _send(
        self,
        status: int,
        headers: Sequence[tuple[str, str]],
        body: bytes,
        cut_at: int | None = None,
    ) -> bool:
        """Write one response; with ``cut_at``, stop after that many body bytes and close
        the connection (the ``drop`` fault). False if the client was gone."""
        try:
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            if self.server.service.synthetic:
                self.send_header("X-Sample-Corpus", "synthetic")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body if cut_at is None else body[:cut_at])
            if cut_at is not None:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
        except (ConnectionError, TimeoutError, OSError):
            self.close_connection = True
            return False
        return cut_at is None

    # -- admin -----------------------------------------------------------------------------

    def _admin(self) -> None:
        """``/_admin/faults``: GET shows the plan, POST adds rules, DELETE clears them."""
        if not ipaddress.ip_address(self.client_address[0].split("%")[0]).is_loopback:
            self.close_connection = True  # unread body: do not reuse the connection
            self._send_json(403, {"error": {"code": "FORBIDDEN", "message": "loopback only"}})
            return
        body = self._read_body()
        path = urlsplit(self.path).path
        if path != "/_admin/faults":
            self._send_json(404, {"error": {"code": "NOT_FOUND", "message": path}})
            return
        faults = self.server.service.faults
        if self.command == "DELETE":
            faults.clear()
        elif self.command == "POST":
            try:
                faults.inject_json(json.loads(body or b"null"))
            except (ValueError, TypeError) as exc:
                self._send_json(400, {"error": {"code": "BAD_REQUEST", "message": str(exc)}})
                return
        self._send_json(201 if self.command == "POST" else 200, faults.to_dict())

    def _read_body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        return self.rfile.read(length) if length > 0 else b""
