"""Benchmarks the files source end to end on a folder of FDA-named quarterly zips (made by
:mod:`benchmarks.faers_files_scale`): what the Dagster assets do, without Dagster.

    python -m benchmarks.files_build --zips DIR --work DIR [--phases build,add]
        [--repeats 1] [--results FILE] [--no-tables] [--whole-base]

The local stand-in of FDA's site (:class:`standins.faers_files.LocalFaersFiles`) serves the
zips from this process; every step then runs in a fresh child process whose peak RSS the
parent reads with ``os.wait4`` (so the site's memory is not counted), on a fresh data
folder under ``--work`` (``Settings(data_dir=...)``: the pipeline's own file locations):

* ``download``  the project's downloader (``FaersFilesDownloader``: page, zips, checks,
                manifest) brings every published quarter into ``work/files/zips``;
* ``landing``   every downloaded quarter not landed yet from the same zip is landed through
                one connection (``land_quarters``), as ``faers_files_landing`` does;
* ``case_set``  ``update_case_set``, as ``faers_case_set`` runs it: a rebuild of the
                whole-FAERS case set, or the incremental add of quarters landed after every
                quarter it holds (``mode`` and ``why`` in the result);
* ``tables``    ``build_files_tables`` then ``export_parquet`` (``faers_files_tables``).

Phases: ``build`` runs the four steps over every zip; ``add`` downloads, lands and builds
the case set of all but the newest quarter (``--whole-base``: the tables too), then publishes
the newest and times its download, landing, the case set (the incremental add, as the asset
does) and the tables. When the zips
folder holds the generator's ``rows.json``, every landed table is checked against it (and
the quarantine must be empty). A fixed DuckDB query is timed before each phase
(``calibration_seconds``: the machine is shared, so its speed drifts). Results print as a
table and, with ``--results``, are appended as JSON lines.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.faers_files_scale import ROWS_FILE
from benchmarks.run_benchmark import calibrate
from ketamine_faers.paths import PROJECT_ROOT
from ketamine_faers.settings import Settings
from standins.faers_files import LocalFaersFiles, quarter_of

STEPS = ("download", "landing", "case_set", "tables")
PHASES = ("build", "add")
LANDING_TABLES = ("demo", "drug", "reac", "outc", "rpsr", "ther", "indi", "deleted")


def emit(result: dict[str, Any]) -> None:
    print("RESULT " + json.dumps(result, default=str), flush=True)


# --------------------------------------------------------------------------- child steps
def step_download(settings: Settings, page_url: str) -> dict[str, Any]:
    from ketamine_faers.sources.faers_files.download import DownloadPolicy, FaersFilesDownloader

    started = time.perf_counter()
    with FaersFilesDownloader(settings.work_dir, page_url, policy=DownloadPolicy()) as loader:
        run = loader.download(None)
    failed = run.outcome("failed")
    if failed:
        raise SystemExit(f"download failed: {[(r.quarter, r.reason) for r in failed]}")
    downloaded = run.outcome("downloaded")
    return {
        "seconds": round(time.perf_counter() - started, 3),
        "downloaded": len(downloaded),
        "unchanged": len(run.outcome("unchanged")),
        "bytes": sum(r.bytes or 0 for r in downloaded),
    }


def step_landing(settings: Settings) -> dict[str, Any]:
    """Land what the asset would: each downloaded quarter whose zip is not landed yet."""
    from ketamine_faers.sources.faers_files.download import manifest_path, zips_dir
    from ketamine_faers.sources.faers_files.landing import (
        ZipToLand,
        connect_landing,
        land_quarters,
        zips_to_land,
    )
    from ketamine_faers.sources.faers_files.manifest import read_manifest

    started = time.perf_counter()
    manifest = read_manifest(manifest_path(settings.work_dir))
    per_quarter: dict[str, dict[str, Any]] = {}
    to_land = zips_to_land(
        settings.files_landing_db,
        (
            ZipToLand(quarter, zips_dir(settings.work_dir) / entry.file_name, entry.sha256)
            for quarter, entry in manifest.items()
        ),
    )
    with connect_landing(settings.files_landing_db) as con:
        for result in land_quarters(con, to_land, work_dir=settings.files_dir):
            per_quarter[result.quarter] = {
                "rows": dict(result.rows),
                "quarantined": result.quarantined,
                "seconds": result.seconds,
            }
        totals = {
            table: int(con.table(table).shape[0]) for table in (*LANDING_TABLES, "quarantine")
        }
    slowest = max(per_quarter.items(), key=lambda item: item[1]["seconds"], default=None)
    return {
        "seconds": round(time.perf_counter() - started, 3),
        "quarters_landed": len(per_quarter),
        "rows_landed": sum(sum(q["rows"].values()) for q in per_quarter.values()),
        "quarantined": sum(q["quarantined"] for q in per_quarter.values()),
        "slowest_quarter": slowest[0] if slowest else None,
        "slowest_quarter_seconds": slowest[1]["seconds"] if slowest else None,
        "landing_tables": totals,
        "landing_db_bytes": settings.files_landing_db.stat().st_size,
        "per_quarter": per_quarter,
    }


def step_case_set(settings: Settings) -> dict[str, Any]:
    from ketamine_faers.case_set_update import update_case_set

    started = time.perf_counter()
    update = update_case_set(settings.files_landing_db, settings.case_set_db)
    return {
        "seconds": round(time.perf_counter() - started, 3),
        "mode": update.mode,
        "why": update.reason,
        "case_set": update.result.as_metadata(),
        "case_set_db_bytes": settings.case_set_db.stat().st_size,
    }


def step_tables(settings: Settings) -> dict[str, Any]:
    from ketamine_faers.files_parquet import export_parquet
    from ketamine_faers.files_tables import build_files_tables

    started = time.perf_counter()
    settings.work_dir.mkdir(parents=True, exist_ok=True)
    built = build_files_tables(
        settings.build_db,
        settings.case_set_db,
        settings.files_landing_db,
        settings.downloads_manifest,
    )
    tables_seconds = time.perf_counter() - started
    exported = export_parquet(settings.build_db, settings.parquet_dir)
    return {
        "seconds": round(time.perf_counter() - started, 3),
        "tables_seconds": round(tables_seconds, 3),
        "parquet_seconds": round(time.perf_counter() - started - tables_seconds, 3),
        "tables": built.tables,
        "parquet_rows": exported,
    }


def run_step(step: str, data_dir: Path, page_url: str | None) -> dict[str, Any]:
    settings = Settings(data_dir=data_dir)
    if step == "download":
        if page_url is None:
            raise SystemExit("the download step needs --page")
        return step_download(settings, page_url)
    if step == "landing":
        return step_landing(settings)
    if step == "case_set":
        return step_case_set(settings)
    if step == "tables":
        return step_tables(settings)
    raise SystemExit(f"unknown step {step!r}")


# --------------------------------------------------------------------------- parent
def run_child(step: str, data_dir: Path, page_url: str | None) -> dict[str, Any]:
    """One step in a fresh interpreter; its result plus peak RSS (MiB) and CPU seconds."""
    began = time.perf_counter()
    command = [sys.executable, "-m", "benchmarks.files_build", "--child", step]
    command += ["--data", str(data_dir)] + (["--page", page_url] if page_url else [])
    proc = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    lines = [line for line in output.splitlines() if line.startswith("RESULT ")]
    if code != 0 or not lines:
        raise SystemExit(f"step {step} failed ({code}):\n{output[-3000:]}")
    result = json.loads(lines[-1][len("RESULT ") :])
    result["peak_rss_mib"] = round(usage.ru_maxrss / 1024, 1)  # Linux: KiB
    result["process_seconds"] = round(time.perf_counter() - began, 2)
    result["cpu_seconds"] = round(usage.ru_utime + usage.ru_stime, 2)
    return result


def expected_rows(zips: Path, quarters: list[str]) -> dict[str, int] | None:
    """Rows per landing table the generator wrote for ``quarters`` (``rows.json``), or None
    when the folder has no such record of every one of them."""
    try:
        record = json.loads((zips / ROWS_FILE).read_text(encoding="utf-8"))["quarters"]
    except (OSError, ValueError, KeyError):
        return None
    if not all(quarter in record for quarter in quarters):
        return None
    totals = dict.fromkeys(LANDING_TABLES, 0)
    for quarter in quarters:
        for table, rows in record[quarter]["rows"].items():
            totals[table] += rows
        totals["deleted"] += record[quarter]["deleted"]
    return totals


def check_landing(landing: dict[str, Any], expected: dict[str, int] | None) -> str:
    """'verified' when the landing holds exactly the generated rows and no quarantine,
    'unchecked' without a record; raises otherwise."""
    tables = landing["landing_tables"]
    if tables["quarantine"]:
        raise SystemExit(f"{tables['quarantine']} lines were quarantined")
    if expected is None:
        return "unchecked"
    landed = {table: tables[table] for table in LANDING_TABLES}
    if landed != expected:
        raise SystemExit(f"landed {landed}, generated {expected}")
    return "verified"


def run_phase(
    phase: str,
    zips: dict[str, Path],
    folder: Path,
    work: Path,
    tables: bool,
    whole_base: bool = False,
) -> list[dict[str, Any]]:
    """The steps of ``phase`` on a fresh data folder; one result per step. The ``add``
    phase's base round builds the case set (the newest quarter is then added to it) but
    not the tables unless ``whole_base``: they are rebuilt whole from the case set, so
    earlier tables change nothing the added quarter costs."""
    quarters = sorted(zips)
    data_dir = work / "data"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    first = quarters if phase == "build" else quarters[:-1]
    rounds: list[tuple[str, list[str]]] = [("build" if phase == "build" else "base", first)]
    if phase == "add":
        rounds.append(("add", quarters))
    results: list[dict[str, Any]] = []
    published = {zips[q].name: zips[q] for q in first}
    calibration = calibrate()
    with LocalFaersFiles(published) as site:
        for label, wanted in rounds:
            for quarter in wanted:
                site.publish(zips[quarter].name, zips[quarter])
            for step in STEPS:
                if step == "tables" and not tables:
                    continue
                if label == "base" and step == "tables" and not whole_base:
                    continue
                result = run_child(step, data_dir, site.page_url if step == "download" else None)
                result.update(phase=phase, round=label, step=step, quarters=len(wanted))
                result["calibration_seconds"] = calibration
                if step == "landing":
                    result["check"] = check_landing(result, expected_rows(folder, wanted))
                results.append(result)
                print(_line(result), flush=True)
    return results


def _line(result: dict[str, Any]) -> str:
    notes = []
    if result["step"] == "download":
        notes.append(f"{result['downloaded']} zips, {result['bytes']:,} bytes")
    elif result["step"] == "landing":
        notes.append(
            f"{result['quarters_landed']} quarters, {result['rows_landed']:,} rows, "
            f"{result['quarantined']} quarantined, {result['check']}; slowest "
            f"{result['slowest_quarter']} {result['slowest_quarter_seconds']} s"
        )
    elif result["step"] == "case_set":
        meta = result["case_set"]
        notes.append(
            f"{result['mode']}: {meta['cases']:,} cases of {meta['versions_read']:,} versions, "
            f"{meta['versions_superseded']:,} superseded, reconciles {meta['reconciles']}"
        )
    elif result["step"] == "tables":
        notes.append(
            f"{result['tables'].get('cases', 0):,} ketamine/esketamine cases; tables "
            f"{result['tables_seconds']} s, parquet {result['parquet_seconds']} s"
        )
    return (
        f"{result['phase']:<6} {result['round']:<6} {result['step']:<9} "
        f"{result['seconds']:>9.1f} s {result['peak_rss_mib']:>8.0f} MiB  {'; '.join(notes)}"
    )


def summary(results: list[dict[str, Any]]) -> str:
    """Median seconds and largest peak RSS per (phase, round, step) over the repeats, and
    each round's totals: to the case set (download, landing, case set: the "new quarter"
    target) and with the tables."""
    keys: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for result in results:
        keys.setdefault((result["phase"], result["round"], result["step"]), []).append(result)
    lines = [
        "| phase | round | step | quarters | seconds (median) | peak RSS MiB | runs |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    totals: dict[tuple[str, str], float] = {}
    to_case_set: dict[tuple[str, str], float] = {}
    for (phase, label, step), runs in keys.items():
        seconds = statistics.median(r["seconds"] for r in runs)
        totals[(phase, label)] = totals.get((phase, label), 0.0) + seconds
        if step != "tables":
            to_case_set[(phase, label)] = to_case_set.get((phase, label), 0.0) + seconds
        peak = max(r["peak_rss_mib"] for r in runs)
        lines.append(
            f"| {phase} | {label} | {step} | {runs[0]['quarters']} | {seconds:.1f} | "
            f"{peak:.0f} | {len(runs)} |"
        )
    for (phase, label), seconds in totals.items():
        peak = max(r["peak_rss_mib"] for r in results if (r["phase"], r["round"]) == (phase, label))
        lines.append(
            f"| {phase} | {label} | to the case set | | {to_case_set[(phase, label)]:.1f} | | |"
        )
        lines.append(f"| {phase} | {label} | **total** | | {seconds:.1f} | {peak:.0f} | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.files_build", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--zips", type=Path, help="folder of FDA-named quarterly zips")
    parser.add_argument("--work", type=Path, help="scratch folder (its data/ is replaced)")
    parser.add_argument("--phases", default=",".join(PHASES))
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--results", type=Path, help="append JSON lines here")
    parser.add_argument("--no-tables", dest="tables", action="store_false")
    parser.add_argument(
        "--whole-base",
        action="store_true",
        help="add phase: also build the tables of the first N-1 quarters",
    )
    parser.add_argument("--child", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--page", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        emit(run_step(args.child, args.data, args.page))
        return 0
    if args.zips is None or args.work is None:
        parser.error("--zips and --work are required")
    phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    unknown = set(phases) - set(PHASES)
    if unknown:
        parser.error(f"unknown phases {sorted(unknown)}; choose from {', '.join(PHASES)}")
    zips = {
        quarter: path
        for path in sorted(args.zips.glob("*.zip"))
        if (quarter := quarter_of(path.name)) is not None
    }
    if len(zips) < 2:
        parser.error(f"{args.zips} holds fewer than two FDA-named zips")
    size = sum(path.stat().st_size for path in zips.values())
    print(f"{len(zips)} quarters in {args.zips}, {size:,} bytes", flush=True)
    results: list[dict[str, Any]] = []
    for repeat in range(args.repeats):
        for phase in phases:
            for result in run_phase(
                phase, zips, args.zips, args.work, args.tables, args.whole_base
            ):
                result.update(
                    repeat=repeat,
                    zips=str(args.zips),
                    at=datetime.now(UTC).isoformat(timespec="seconds"),
                )
                results.append(result)
                if args.results is not None:
                    compact = {k: v for k, v in result.items() if k != "per_quarter"}
                    with args.results.open("a", encoding="utf-8") as out:
                        out.write(json.dumps(compact, default=str) + "\n")
    print(summary(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
