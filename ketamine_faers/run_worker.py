"""Which process is this, and is a process named earlier still alive?

A run killed with SIGKILL cannot say it died. So that the schedule and the sensor can tell a
dead refresh from a live one (pipelines/refreshes.py), a run names the process doing its work
(:func:`worker_identity`), and anyone on the same machine can later ask whether that very
process still exists (:func:`worker_gone`). A pid alone is not enough: pids are reused, and the
same pid on another machine or in another container is another process. The identity therefore
holds the kernel's boot id and the pid namespace (together: this process table) and the
process's start time (which a reused pid does not share). Linux only (/proc); elsewhere
nothing is ever judged dead.
"""

from __future__ import annotations

import os
from pathlib import Path


def worker_identity() -> str | None:
    """``<boot id>/<pid namespace>/<pid>/<start time in clock ticks>`` of this process, or
    None where /proc does not tell (not Linux)."""
    try:
        return "/".join((*_process_table(), str(os.getpid()), _start_ticks("self")))
    except (OSError, IndexError):
        return None


def worker_gone(identity: str) -> bool | None:
    """True when ``identity`` names a process of this machine's process table that no longer
    runs (no such pid, the pid now belongs to a later process, or it is a zombie); False when
    it still runs; None when it cannot be told here (another machine, container or boot, or a
    malformed identity), so the caller must not take it for dead."""
    parts = identity.split("/")
    if len(parts) != 4:
        return None
    boot, namespace, pid, ticks = parts
    try:
        if (boot, namespace) != _process_table():
            return None
        stat = Path(f"/proc/{int(pid)}/stat").read_text(encoding="ascii")
    except FileNotFoundError:
        return True
    except (OSError, ValueError):
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return fields[0] == "Z" or fields[19] != ticks


def _process_table() -> tuple[str, str]:
    boot = Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    return boot, os.readlink("/proc/self/ns/pid")


def _start_ticks(pid: str) -> str:
    # /proc/<pid>/stat: "pid (comm) state ..."; comm may hold spaces and parentheses, so split
    # after the last ")"; the start time is field 22, the 20th after the state
    stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    return stat.rsplit(")", 1)[1].split()[19]
