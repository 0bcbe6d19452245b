"""``ketamine-faers serve`` as a real process: started, its port read from the address it
prints, and stopped as a user or a supervisor stops it, with SIGTERM, which must end it
cleanly (exit status 0) within seconds. A server that does not stop is killed, so that a
failing test leaves no process behind."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ketamine_faers.paths import PROJECT_ROOT

SERVE = (sys.executable, "-m", "pipelines.cli", "serve", "--port", "0")
#: Stopping takes well under a second; this only bounds a server that does not stop.
STOP_SECONDS = 10
_ADDRESS = re.compile(r"http://127\.0\.0\.1:(\d+)/")


def start_serve(
    env: dict[str, str], command: Sequence[str] = SERVE, **popen: Any
) -> tuple[subprocess.Popen[str], int]:
    """The process and its port, once it has printed its address (which it does only after
    its SIGINT and SIGTERM handlers are in place, so it may be stopped at once)."""
    popen.setdefault("stderr", subprocess.DEVNULL)
    proc = subprocess.Popen(
        list(command), cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, text=True, **popen
    )
    assert proc.stdout is not None
    printed = []
    while line := proc.stdout.readline():
        printed.append(line)
        if match := _ADDRESS.search(line):
            return proc, int(match.group(1))
    stop_serve(proc)
    raise AssertionError(f"serve printed no address: {''.join(printed)!r}")


def stop_serve(proc: subprocess.Popen[str], timeout: float = STOP_SECONDS) -> int | None:
    """SIGTERM, then the exit status; None, after a SIGKILL, when it did not exit in time."""
    proc.terminate()
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return None
    finally:
        if proc.stdout is not None:
            proc.stdout.close()


@contextmanager
def serving(
    env: dict[str, str], command: Sequence[str] = SERVE, **popen: Any
) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """:func:`start_serve` for the block, then :func:`stop_serve`, which must give 0."""
    proc, port = start_serve(env, command, **popen)
    try:
        yield proc, port
    finally:
        code = stop_serve(proc)
    assert code == 0, f"serve exited {code} on SIGTERM (None: still running after the wait)"
