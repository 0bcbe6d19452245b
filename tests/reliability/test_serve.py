"""Reliability: ``ketamine-faers serve`` as a real process, probed over real HTTP.

It serves the dashboards and, under /data_docs/, the Data Docs, and nothing else: no
directory listings, no file outside the two folders, the security headers on every answer,
only the Host names of this machine (DNS rebinding), and a clean 400 for a path with a null
byte or a way out of the folder. The dashboards' link to the Data Docs resolves under it.
SIGTERM and SIGINT stop it at once with exit status 0, connections open or not, whether
its parent left those signals at their defaults, ignored or blocked.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from ketamine_faers.dashboards.pages.status import DATA_DOCS_HREF
from ketamine_faers.paths import PROJECT_ROOT
from tests.support.serve_process import SERVE, serving, start_serve, stop_serve

pytestmark = pytest.mark.reliability

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
SECRET = "not-for-the-web-7c1f"


@pytest.fixture(scope="module")
def site_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with both sites and a private file beside them."""
    data = tmp_path_factory.mktemp("serve") / "data"
    site, docs = data / "dashboards", data / "data_docs"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>dashboards</title>dashboards")
    (site / "assets" / "dashboards.js").write_text("console.log(1)")
    (docs / "validations" / "reports").mkdir(parents=True)
    (docs / "index.html").write_text("<!doctype html><title>docs</title>data docs index")
    (docs / "validations" / "reports" / "page.html").write_text("a validation page")
    (data / "work").mkdir()
    (data / "work" / "secret.txt").write_text(SECRET)
    (data / "faers.duckdb").write_text(SECRET)
    return data


@pytest.fixture(scope="module")
def served(site_data: Path) -> Iterator[tuple[int, Path]]:
    """``serve --port 0`` over :func:`site_data`; it must stop cleanly on SIGTERM."""
    with serving({**os.environ, "FAERS_DATA_DIR": str(site_data)}) as (_, port):
        yield port, site_data


def _get(port: int, path: str, host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """One GET with exactly this path and Host header (None: 127.0.0.1:port)."""
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        con.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        con.putheader("Host", host if host is not None else f"127.0.0.1:{port}")
        con.endheaders()
        response = con.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        con.close()


def _raw(port: int, request: bytes) -> bytes:
    """A request written byte for byte (http.client refuses a null byte in a path)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_serves_both_sites_with_the_security_headers(served):
    port, _ = served
    for path, text in (
        ("/", b"dashboards"),
        ("/index.html", b"dashboards"),
        ("/data_docs/", b"data docs index"),
        ("/data_docs/validations/reports/page.html", b"a validation page"),
    ):
        status, headers, body = _get(port, path)
        assert (status, text in body) == (200, True), (path, status, body[:200])
        for name, value in SECURITY_HEADERS.items():
            assert headers.get(name) == value, (path, name, headers)
        assert "default-src 'none'" in headers.get("Content-Security-Policy", ""), headers
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    _, headers, _ = _get(port, "/index.html")
    assert headers["Content-Type"].startswith("text/html")


def test_the_dashboards_link_to_the_data_docs_resolves(served):
    port, _ = served
    target = urljoin(f"http://127.0.0.1:{port}/index.html", DATA_DOCS_HREF)
    status, _, body = _get(port, urlsplit(target).path)
    assert status == 200 and b"data docs index" in body, (target, status)


def test_no_directory_is_listed(served):
    port, _ = served
    for path in ("/assets/", "/data_docs/validations/", "/data_docs/validations/reports/"):
        status, headers, body = _get(port, path)
        assert status == 404, (path, status, body[:200])
        assert b"Directory listing" not in body and b"page.html" not in body
        assert headers.get("X-Content-Type-Options") == "nosniff"  # errors carry them too


def test_only_this_machines_host_names_are_answered(served):
    port, _ = served
    for host in (f"localhost:{port}", "localhost", f"127.0.0.1:{port}", "127.0.0.1"):
        assert _get(port, "/", host)[0] == 200, host
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1.evil.example", "", "[::1]"):
        status, headers, body = _get(port, "/", host)
        assert status in (400, 421), (host, status)
        assert b"dashboards" not in body
        assert headers.get("X-Frame-Options") == "DENY"


def test_bad_paths_get_a_clean_400_and_nothing_outside_the_sites(served):
    port, _ = served
    for path in (
        "/%00",
        "/index.html%00.js",
        "/../faers.duckdb",
        "/%2e%2e/faers.duckdb",
        "/data_docs/../work/secret.txt",
        "/data_docs/%2e%2e%2f%2e%2e%2fwork%2fsecret.txt",
        "/..%5cfaers.duckdb",
    ):
        status, _, body = _get(port, path)
        assert status == 400, (path, status, body[:200])
        assert SECRET.encode() not in body
    for path in ("/faers.duckdb", "/work/secret.txt", "/data_docs/../../faers.duckdb"):
        status, _, body = _get(port, path)
        assert status in (400, 404), (path, status)
        assert SECRET.encode() not in body
    answer = _raw(port, f"GET /index.html\x00 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.") and b" 400 " in answer.split(b"\r\n", 1)[0], answer[:200]


def test_the_server_module_runs_without_dagster():
    code = (
        "import sys, ketamine_faers.serving, pipelines.cli; "
        "assert not [m for m in sys.modules if m.split('.')[0] in ('dagster', 'dagster_duckdb')]"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True)
    assert result.returncode == 0, result.stderr.decode()[-2000:]


#: Runs a command with SIGINT and SIGTERM as a parent may hand them down: ignored (as ``cmd &``
#: in a script leaves SIGINT, and as a CI runner may leave SIGTERM) or blocked.
_WITH_STOP_SIGNALS = (
    "import os, signal, sys; how = sys.argv[1]; stops = (signal.SIGINT, signal.SIGTERM)\n"
    "if how == 'ignored':\n    [signal.signal(s, signal.SIG_IGN) for s in stops]\n"
    "if how == 'blocked':\n    signal.pthread_sigmask(signal.SIG_BLOCK, stops)\n"
    "os.execv(sys.executable, [sys.executable, *sys.argv[2:]])"
)


@pytest.mark.parametrize("inherited", ["default", "ignored", "blocked"])
@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_a_stop_signal_ends_serve_at_once_with_connections_held_open(
    site_data, inherited, stop_signal
):
    """Whatever the parent left of the signals, and with an idle connection (as a browser
    opens ahead of a request) and a half-sent request open, SIGTERM or SIGINT ends the
    process at once, exit status 0."""
    command = [sys.executable, "-c", _WITH_STOP_SIGNALS, inherited, *SERVE[1:]]
    env = {**os.environ, "FAERS_DATA_DIR": str(site_data)}
    proc, port = start_serve(env, command, stderr=subprocess.PIPE)
    try:
        with (
            socket.create_connection(("127.0.0.1", port), timeout=10) as idle,
            socket.create_connection(("127.0.0.1", port), timeout=10) as half_sent,
        ):
            half_sent.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode())
            assert _get(port, "/")[0] == 200  # served while both wait for their request
            idle.setblocking(False)
            with pytest.raises(BlockingIOError):  # not closed by the server: still held
                idle.recv(1)
            started = time.monotonic()
            proc.send_signal(stop_signal)
            code = proc.wait(timeout=5)
            took = time.monotonic() - started
    finally:
        stop_serve(proc)  # a no-op once it has exited; kills one that did not
        assert proc.stderr is not None
        stderr = proc.stderr.read()
        proc.stderr.close()
    assert code == 0, stderr[-2000:]
    assert took < 3, took
    assert stderr.rstrip().endswith("ketamine-faers serve: stopped"), stderr[-2000:]
