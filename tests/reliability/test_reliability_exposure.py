"""Reliability 5: secrets and exposure. The API key (given through the environment and
``dg.EnvVar``) reaches no file, Dagster event, dashboard or CLI output (checked here for a CLI
run with a persistent Dagster instance, and inside the fault and crash scenarios); the
dashboards server and the local openFDA service listen on 127.0.0.1 only; no SQL in the
project interpolates text."""

from __future__ import annotations

import ast
import socket
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest

from standins.openfda import LocalOpenFDA
from tests.support.reliability_helpers import (
    ROOT,
    SECRET,
    CliRun,
    assert_nothing_lost,
    cli_env,
    record_figures,
    small_corpus,
)
from tests.support.serve_process import serving

pytestmark = pytest.mark.reliability


def _listening(port: int) -> set[str]:
    """Local addresses with a socket listening on ``port``, from /proc/net/tcp{,6}."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:  # 0A = LISTEN
                if len(address) == 8:
                    found.add(socket.inet_ntop(socket.AF_INET, bytes.fromhex(address)[::-1]))
                else:
                    raw = bytes.fromhex(address)
                    words = b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4))
                    found.add(socket.inet_ntop(socket.AF_INET6, words))
    return found


def _wait_for_line(proc: subprocess.Popen, text: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if text in line:
            return line
        if not line and proc.poll() is not None:
            break
    raise AssertionError(f"no line with {text!r}")


def _port_of(line: str) -> int:
    return int(line.split("http://127.0.0.1:", 1)[1].split("/", 1)[0])


def test_local_openfda_binds_loopback_only(tmp_path):
    with LocalOpenFDA([]) as service:
        assert _listening(service.port) == {"127.0.0.1"}
    records = tmp_path / "records.jsonl"
    records.write_text("")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "standins.openfda",
            "--port",
            "0",
            "--records",
            str(records),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        port = _port_of(_wait_for_line(proc, "local openFDA"))
        assert _listening(port) == {"127.0.0.1"}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_dashboard_server_binds_loopback_only(tmp_path):
    (tmp_path / "dashboards").mkdir()
    (tmp_path / "dashboards" / "index.html").write_text("<html></html>")
    command = [str(Path(sys.executable).parent / "ketamine-faers"), "serve", "--port", "0"]
    with serving(cli_env("http://127.0.0.1:9", tmp_path), command) as (_, port):
        assert _listening(port) == {"127.0.0.1"}


def test_api_key_reaches_no_file_event_dashboard_or_output(tmp_path):
    """A CLI run with the key and a persistent Dagster instance (its event log on disk)."""
    home, data = tmp_path / "dagster_home", tmp_path / "data"
    home.mkdir()
    with LocalOpenFDA(small_corpus(400, seed=31)) as service:
        env = cli_env(service.url, data, OPENFDA_API_KEY=SECRET, DAGSTER_HOME=str(home))
        run = CliRun(env, "2021Q1", "2021Q4")
        assert run.finish() == 0, run.output[-3000:]
        assert_nothing_lost(service, data)
        assert all(SECRET not in repr(r) for r in service.requests)
    assert SECRET not in run.output
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.suffix == ".html" for p in files), "no dashboards were written"
    leaked = [str(p) for p in files if SECRET.encode() in p.read_bytes()]
    assert not leaked, leaked
    with dg.DagsterInstance.from_config(str(home)) as instance:
        records = instance.get_run_records()
        assert records
        events = [e for r in records for e in instance.all_logs(r.dagster_run.run_id)]
    assert events and all(SECRET not in repr(e) for e in events)
    record_figures("secrets", files_scanned=len(files), dagster_events_scanned=len(events), leaks=0)


# -- SQL never interpolates text --------------------------------------------------------------

SCANNED = ("ketamine_faers", "assets", "pipelines")
SQL_METHODS = {"execute", "executemany", "sql", "query", "from_query"}
SAFE_CALLS = {"read_sql"}  # statements read from the reviewed files in sql/


def _dynamic(node: ast.AST) -> bool:
    """A string built at run time: f-string with values, %, .format or + of non-constants."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        return not (isinstance(node.left, ast.Constant) and isinstance(node.right, ast.Constant))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in {"format", "join", "replace"}
    return False


def _constant_loop_names(tree: ast.AST) -> set[str]:
    """Loop variables over module-level UPPER_CASE constants (e.g. PRIVATE_SCHEMAS)."""
    return {
        node.target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.For)
        and isinstance(node.target, ast.Name)
        and isinstance(node.iter, ast.Name)
        and node.iter.id.isupper()
    }


def _interpolations(tree: ast.AST, source: list[str]) -> list[str]:
    constants = _constant_loop_names(tree)
    found = []
    for func in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.Module))]:
        built = {
            target.id
            for node in ast.walk(func)
            if isinstance(node, ast.Assign) and _dynamic(node.value)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for call in ast.walk(func):
            if not (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr in SQL_METHODS
                and call.args
            ):
                continue
            arg = call.args[0]
            if isinstance(arg, ast.Call) and getattr(arg.func, "id", None) in SAFE_CALLS:
                continue
            if not (_dynamic(arg) or (isinstance(arg, ast.Name) and arg.id in built)):
                continue
            lines = source[call.lineno - 1 : call.end_lineno]
            if any("# noqa: S608" in line for line in lines):
                continue  # reviewed: identifiers read from DuckDB's catalog, quoted
            names = {n.id for n in ast.walk(arg) if isinstance(n, ast.Name)}
            if isinstance(arg, ast.JoinedStr) and names and names <= constants:
                continue  # identifiers from a module constant, e.g. PRIVATE_SCHEMAS
            found.append(f"{call.lineno}: {lines[0].strip()}")
    return sorted(set(found))


def test_no_sql_interpolates_text():
    problems, scanned = {}, 0
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            scanned += 1
            found = _interpolations(ast.parse(text), text.splitlines())
            if found:
                problems[str(path.relative_to(ROOT))] = found
    assert scanned > 20
    assert problems == {}


def test_the_sql_check_catches_interpolation():
    bad = "def f(con, name):\n    con.execute(f\"select * from t where x = '{name}'\")\n"
    built = "def f(con, n):\n    q = 'select %s' % n\n    con.sql(q)\n"
    fine = "def f(con, n):\n    con.execute('select ?', [n])\n"
    for text, expected in ((bad, 1), (built, 1), (fine, 0)):
        assert len(_interpolations(ast.parse(text), text.splitlines())) == expected, text
