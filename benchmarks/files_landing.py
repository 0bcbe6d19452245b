"""Measures the landing of FDA's quarterly files: the demo's sample zips, every quarter.

    python -m benchmarks.files_landing [--dir /tmp/files-landing-bench] [--repeats 3]

Writes the demo's synthetic sample zips (``write_sample_zips(folder, today=2026-12-03)``, the
same bytes every time) once, then per run lands every quarter into one fresh landing database
through one connection (as ``ketamine-faers demo`` does), and prints seconds per quarter
(median of the runs' per-quarter means), the runs' totals, and the rows of every landing
table after the last run. Nothing here is committed data: it is for timing only.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date
from pathlib import Path

from ketamine_faers.sources.faers_files.landing import connect_landing, land_quarter
from standins.faers_files.sample_files import write_sample_zips

TODAY = date(2026, 12, 3)
LANDING_TABLES = (
    "demo",
    "drug",
    "reac",
    "outc",
    "rpsr",
    "ther",
    "indi",
    "deleted",
    "quarantine",
    "file_reads",
    "landed_zips",
)


def sample_zips(folder: Path) -> list[Path]:
    """The demo's sample zips in ``folder`` (written when missing), oldest quarter first."""
    zips = sorted(folder.glob("*.zip"))
    if not zips:
        write_sample_zips(folder, today=TODAY)
        zips = sorted(folder.glob("*.zip"))
    return sorted(zips, key=lambda path: path.stem[-6:].upper())


def land_all(zips: list[Path], landing_db: Path) -> tuple[float, dict[str, int]]:
    """Seconds to land every zip into a fresh ``landing_db``, and each table's rows."""
    landing_db.unlink(missing_ok=True)
    con = connect_landing(landing_db)
    try:
        started = time.perf_counter()
        for zip_path in zips:
            land_quarter(con, None, zip_path)
        seconds = time.perf_counter() - started
        totals = {table: int(con.table(table).shape[0]) for table in LANDING_TABLES}
    finally:
        con.close()
    return seconds, totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/files-landing-bench"))
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    zips = sample_zips(args.dir / "zips")
    runs: list[float] = []
    totals: dict[str, int] = {}
    for _ in range(args.repeats):
        seconds, totals = land_all(zips, args.dir / "files_landing.duckdb")
        runs.append(seconds)
    median = statistics.median(runs)
    print(f"quarters: {len(zips)}")
    print(f"runs (s, all quarters): {', '.join(f'{run:.2f}' for run in runs)}")
    print(f"median: {median:.2f} s, {median / len(zips):.4f} s per quarter")
    for table, rows in totals.items():
        print(f"  {table:<12} {rows:>9,}")


if __name__ == "__main__":
    main()
