"""Times the weekly refresh when nothing is new upstream, and once after openFDA moved.

    python -m benchmarks.weekly_refresh [--repeats 3] [--dir DIR]

The bundled sample is served by the local openFDA service on 127.0.0.1 and loaded in full
(every quarter, one Dagster run) into a fresh ``FAERS_DATA_DIR`` under DIR. Then the
``full_refresh`` job runs over the newest two quarters, as the ``weekly_refresh`` schedule
requests it: ``--repeats`` times with openFDA's ``meta.last_updated`` unchanged, then once
after it moved. Every run is a child process (as a Dagster run launched by the daemon is),
whose peak RSS the parent reads with ``os.wait4``; the service lives in the parent and
counts the HTTP requests. Prints a markdown table (medians of the unchanged refreshes).
Nothing under DIR is committed data; it is for timing only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ketamine_faers.paths import PROJECT_ROOT

if TYPE_CHECKING:
    from dagster import MetadataValue

    from standins.openfda import LocalOpenFDA

ROOT = PROJECT_ROOT
MOVED_LAST_UPDATED = "2026-12-04"


def child(url: str, data_dir: str, first: str, last: str) -> None:
    """One full_refresh run in this process; prints its figures as one JSON line."""
    began = time.perf_counter()
    import dagster as dg

    from assets import ASSET_MODULES
    from assets.resources import OpenFDAResource, WarehouseResource
    from assets.run_tags import REFRESH_TAGS, partition_range_tags
    from pipelines.jobs import full_refresh_job

    defs = dg.Definitions(
        assets=dg.load_assets_from_modules(ASSET_MODULES),
        asset_checks=dg.load_asset_checks_from_modules(ASSET_MODULES),
        jobs=[full_refresh_job],
        resources={
            "openfda": OpenFDAResource(base_url=url, requests_per_minute=0),
            "warehouse": WarehouseResource(data_dir=data_dir),
        },
        executor=dg.in_process_executor,
    )
    job = defs.resolve_job_def("full_refresh")
    imported = time.perf_counter()
    instance = dg.DagsterInstance.ephemeral()
    result = job.execute_in_process(
        tags={**partition_range_tags(first, last), **REFRESH_TAGS},
        instance=instance,
        raise_on_error=False,
    )
    finished = time.perf_counter()
    steps: dict[str, float] = {}
    started_at: dict[str, float] = {}
    counts: dict[str, Counter[bool]] = defaultdict(Counter)
    for entry in instance.all_logs(result.run_id):
        event = entry.dagster_event
        if event is None:
            continue
        key = event.step_key
        kind = event.event_type
        if kind == dg.DagsterEventType.STEP_START and key is not None:
            started_at[key] = entry.timestamp
        elif kind in (dg.DagsterEventType.STEP_SUCCESS, dg.DagsterEventType.STEP_FAILURE):
            if key is not None and key in started_at:
                steps[key] = round(entry.timestamp - started_at[key], 2)
        elif kind == dg.DagsterEventType.ASSET_MATERIALIZATION:
            metadata = event.materialization.metadata
            rebuilt = _bool_value(metadata, "rebuilt")
            if rebuilt is not None:
                counts["tables rebuilt"][rebuilt] += 1
            refetched = _int_value(metadata, "quarters_refetched")
            if refetched is not None and not counts["quarters refetched"]:
                # one materialization per partition, each with the run's metadata
                unchanged = _int_value(metadata, "quarters_unchanged") or 0
                counts["quarters refetched"][True] += refetched
                counts["quarters refetched"][False] += unchanged
        elif kind == dg.DagsterEventType.ASSET_CHECK_EVALUATION:
            revalidated = _bool_value(event.asset_check_evaluation_data.metadata, "revalidated")
            if revalidated is not None:
                counts["GX suites revalidated"][revalidated] += 1
    print(
        "RESULT "
        + json.dumps(
            {
                "success": result.success,
                "run_seconds": round(finished - imported, 2),
                "process_seconds": round(finished - began, 2),
                "steps": steps,
                "flags": {k: f"{c[True]} of {c[True] + c[False]}" for k, c in counts.items()},
            },
            default=str,
        ),
        flush=True,
    )


def _bool_value(metadata: Mapping[str, MetadataValue], key: str) -> bool | None:
    """The bool ``metadata[key]`` holds, None when the key is absent."""
    if key not in metadata:
        return None
    value = metadata[key].value
    if not isinstance(value, bool):
        raise TypeError(f"metadata {key!r} is {value!r}, not a bool")
    return value


def _int_value(metadata: Mapping[str, MetadataValue], key: str) -> int | None:
    """The int ``metadata[key]`` holds, None when the key is absent."""
    if key not in metadata:
        return None
    value = metadata[key].value
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"metadata {key!r} is {value!r}, not an int")
    return value


def run_child(service: LocalOpenFDA, data_dir: Path, first: str, last: str) -> dict[str, Any]:
    """Run one refresh in a child process; add wall time, peak RSS and requests served."""
    served_before = len(service.requests)
    began = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.weekly_refresh", "--child", service.url]
        + [str(data_dir), first, last],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "DAGSTER_HOME": ""},
    )
    output = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - began
    lines = [line for line in output.splitlines() if line.startswith("RESULT ")]
    if status != 0 or not lines:
        raise SystemExit(f"refresh child failed (status {status}):\n{output[-3000:]}")
    result = json.loads(lines[-1].removeprefix("RESULT "))
    result["wall_seconds"] = round(wall, 2)
    result["peak_rss_mib"] = round(usage.ru_maxrss / 1024, 1)  # Linux: KiB
    result["requests"] = len(service.requests) - served_before
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=None, help="default: a temporary folder")
    parser.add_argument("--child", nargs=4, metavar=("URL", "DATA_DIR", "FIRST", "LAST"))
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0

    from ketamine_faers.quarters import all_quarters, recent_quarters
    from standins.openfda import LocalOpenFDA
    from standins.sample import generate_sample_corpus

    root = Path(args.dir or tempfile.mkdtemp(prefix="weekly-refresh-"))
    data_dir = root / "data"
    shutil.rmtree(data_dir, ignore_errors=True)
    quarters = all_quarters()
    first, last = recent_quarters(date.today())
    records = generate_sample_corpus()
    with LocalOpenFDA(records) as service:
        full = run_child(service, data_dir, quarters[0], quarters[-1])
        unchanged = [run_child(service, data_dir, first, last) for _ in range(args.repeats)]
        service.set_last_updated(MOVED_LAST_UPDATED)
        moved = run_child(service, data_dir, first, last)
    if not all(r["success"] for r in [full, *unchanged, moved]):
        raise SystemExit("a run failed")
    print(report(full, unchanged, moved, len(records), f"{first}..{last}"))
    if args.dir is None:
        shutil.rmtree(root, ignore_errors=True)
    return 0


def _median(runs: list[dict], key: str) -> float:
    return round(statistics.median(r[key] for r in runs), 2)


def report(full: dict, unchanged: list[dict], moved: dict, records: int, window: str) -> str:
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        f"Weekly refresh of {window} after a full load of the bundled sample ({records} records"
        f" served), {date.today()}, nproc {os.cpu_count()}, load average {load}.",
        "",
        "| run | wall s (process) | run s (in Dagster) | HTTP requests | peak RSS MiB |",
        "|---|---|---|---|---|",
        _row("full load, every quarter", [full]),
        _row(f"refresh, nothing new (median of {len(unchanged)})", unchanged),
        _row("refresh after last_updated moved", [moved]),
        "",
        "Steps (seconds) of the unchanged refreshes, median; and of the moved one:",
        "",
        "| step | unchanged | moved |",
        "|---|---|---|",
    ]
    for step in moved["steps"]:
        values = [r["steps"].get(step) for r in unchanged if step in r["steps"]]
        median = f"{statistics.median(values):.2f}" if values else "-"
        lines.append(f"| {step} | {median} | {moved['steps'][step]:.2f} |")
    lines += ["", "Last unchanged refresh: " + _flags(unchanged[-1])]
    lines += ["", "Refresh after last_updated moved: " + _flags(moved)]
    return "\n".join(lines)


def _flags(run: dict) -> str:
    return "; ".join(f"{name}: {value}" for name, value in sorted(run["flags"].items()))


def _row(name: str, runs: list[dict]) -> str:
    return (
        f"| {name} | {_median(runs, 'wall_seconds')} | {_median(runs, 'run_seconds')} | "
        f"{_median(runs, 'requests')} | {_median(runs, 'peak_rss_mib')} |"
    )


if __name__ == "__main__":
    sys.exit(main())
