"""A local web server for the dashboards and the Data Docs: ``ketamine-faers serve``.

The dashboards are served at ``/`` and the Data Docs at ``/data_docs/``, the same layout as
on disk (``dashboards/`` beside ``data_docs/``), so the dashboards' relative link
``../data_docs/index.html`` works in the browser whether the pages are opened as files or
served. It is meant for one person's browser on this machine, and it behaves as a careful
static host, not as Python's ``SimpleHTTPRequestHandler``:

* it listens on 127.0.0.1 only, and answers only requests whose ``Host`` is ``127.0.0.1`` or
  ``localhost`` (with or without this port): another name resolving to 127.0.0.1 is a DNS
  rebinding attack from a web page, answered 421;
* it serves files under the two folders and nothing else: no directory listing (404), a
  folder only through its ``index.html``, and a path with a null byte, a control character,
  a backslash, a ``.``/``..`` segment or bad percent-encoding is a clean 400, never a
  dropped connection or a file outside the folders (symbolic links out are 404);
* every answer, errors included, carries a Content-Security-Policy, ``nosniff``,
  ``X-Frame-Options: DENY`` and ``Referrer-Policy: no-referrer``;
* Ctrl-C and SIGTERM both stop it within a fraction of a second, exit status 0, open
  connections or not (:mod:`ketamine_faers.foreground`).

No Dagster here: the command line imports this module directly.
"""

from __future__ import annotations

import http.server
import mimetypes
import re
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote_to_bytes

from ketamine_faers.foreground import run_until_stopped

HOST = "127.0.0.1"
DATA_DOCS_PREFIX = "/data_docs/"
_LOCAL_NAMES = ("127.0.0.1", "localhost")

#: As the dashboards' own meta policy, plus what only a header can say (no framing).
DASHBOARDS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self'; connect-src 'none'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
#: The Data Docs run no script at all (``quality.docs_html`` strips it).
DATA_DOCS_CSP = (
    "default-src 'none'; script-src 'none'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
_COMMON_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Cache-Control", "no-cache"),
)
_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\\]")


class BadPath(ValueError):
    """A request path that names no file by construction (the answer is 400)."""


@dataclass(frozen=True)
class SiteRoots:
    """The two folders served: the dashboards at ``/``, the Data Docs at ``/data_docs/``."""

    dashboards: Path
    data_docs: Path

    def locate(self, raw_path: str) -> tuple[Path, str] | None:
        """The file a request path names, with the CSP of its site, or None (404).

        Raises :class:`BadPath` for a path no honest link produces. A folder is served only
        through its ``index.html``, never listed.
        """
        segments = _segments(raw_path)
        root, csp = self.dashboards, DASHBOARDS_CSP
        if segments[:1] == ["data_docs"]:
            root, csp, segments = self.data_docs, DATA_DOCS_CSP, segments[1:]
        candidate = root.joinpath(*segments) if segments else root
        if candidate.is_dir():
            candidate = candidate / "index.html"
        try:
            resolved = candidate.resolve(strict=True)
            inside = resolved.is_relative_to(root.resolve(strict=True))
        except (OSError, RuntimeError):  # missing, or a symlink loop
            return None
        if not inside or not resolved.is_file():
            return None
        return resolved, csp


def _segments(raw_path: str) -> list[str]:
    """The decoded path segments of a request target; :class:`BadPath` for anything but a
    plain absolute path of printable, well-encoded UTF-8 names."""
    if not raw_path.startswith("/") or _UNSAFE_CHARACTERS.search(raw_path):
        raise BadPath("not a plain absolute path")
    path = raw_path.split("?", 1)[0].split("#", 1)[0]  # not urlsplit: "//x" is no host here
    try:
        decoded = unquote_to_bytes(path).decode("utf-8", errors="strict")
    except UnicodeDecodeError as problem:
        raise BadPath("not UTF-8") from problem
    if _UNSAFE_CHARACTERS.search(decoded):
        raise BadPath("a null byte, control character or backslash")
    segments = decoded.split("/")[1:]
    if any(s in (".", "..") for s in segments):
        raise BadPath("a . or .. segment")
    if any(s == "" for s in segments[:-1]):
        raise BadPath("an empty segment")
    return [s for s in segments if s]


def host_is_local(host: str | None, port: int) -> bool:
    """True when the ``Host`` header names this machine: 127.0.0.1 or localhost, with no
    port or this server's port."""
    if not host:
        return False
    name, _, given_port = host.strip().lower().rpartition(":")
    if not name or given_port == "" or not given_port.isdigit():
        name, given_port = host.strip().lower(), ""
    return name in _LOCAL_NAMES and given_port in ("", str(port))


class SiteRequestHandler(http.server.BaseHTTPRequestHandler):
    """GET and HEAD of the two sites' files; every other method is 501 by the base class."""

    server: SiteServer
    server_version = "ketamine-faers"
    sys_version = ""
    _csp = DASHBOARDS_CSP

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._answer(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(send_body=False)

    def _answer(self, *, send_body: bool) -> None:
        self._csp = DASHBOARDS_CSP  # one connection may ask for pages of both sites
        if not host_is_local(self.headers.get("Host"), self.server.server_port):
            if self.headers.get("Host") is None:
                self.send_error(400, "A Host header is required")
            else:
                self.send_error(421, "This server answers only to 127.0.0.1 and localhost")
            return
        try:
            found = self.server.roots.locate(self.path)
        except BadPath as problem:
            self.send_error(400, f"Bad path: {problem}")
            return
        if found is None:
            self.send_error(404, "Not found")
            return
        file, self._csp = found
        path = self.path.split("?", 1)[0]
        if file.name == "index.html" and not path.endswith(("/", "index.html")):
            # a folder named without its slash: the relative links inside it need one
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = file.read_bytes()
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type in (
            "application/javascript",
            "application/json",
        ):
            content_type += "; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def end_headers(self) -> None:
        """The security headers go on every answer, errors and redirects included."""
        self.send_header("Content-Security-Policy", self._csp)
        for name, value in _COMMON_HEADERS:
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (base's name)
        sys.stderr.write(f"{self.address_string()} {format % args}\n")


class SiteServer(http.server.ThreadingHTTPServer):
    """The server of :class:`SiteRequestHandler` on 127.0.0.1 and ``port`` (0: any)."""

    daemon_threads = True

    def __init__(self, roots: SiteRoots, port: int) -> None:
        self.roots = roots
        super().__init__((HOST, port), SiteRequestHandler)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_port}/"


def serve(dashboards_dir: Path, data_docs_dir: Path, port: int) -> int:
    """Serve until Ctrl-C or SIGTERM, printing the address first (a caller may read it from
    stdout, then stop the server with SIGTERM at once); returns the exit status, 0 when
    stopped by either signal.

    ``serve_forever`` runs on a daemon thread, so the main thread can wait for the signal
    and call ``shutdown`` (which deadlocks when called on the thread running
    ``serve_forever``), and each connection has a daemon thread of its own
    (:attr:`SiteServer.daemon_threads`): an idle connection (a browser opens some ahead of
    its requests) or a half-sent request never holds the process open.
    """
    with SiteServer(SiteRoots(dashboards_dir, data_docs_dir), port) as server:

        def start() -> threading.Thread:
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.1},
                name=f"serve-{server.server_port}",
                daemon=True,
            )
            thread.start()
            return thread

        code = run_until_stopped(
            start,
            server.shutdown,
            lambda: (
                f"Serving the dashboards at {server.url} (Ctrl-C to stop)\n"
                f"  and the Data Docs at {server.url}data_docs/"
            ),
        )
    print("ketamine-faers serve: stopped", file=sys.stderr, flush=True)
    return code
