"""Measures the clean build's throughput (raw records per second, raw -> clean tables).

    python -m benchmarks.clean_throughput /tmp/bench 1000000

Writes /tmp/bench/raw.duckdb (synthetic records, see generate_raw_records.py: 100,000 are
generated, then copied with new safetyreportids until the count is reached) unless it is
already there with that many rows, then builds /tmp/bench/build.duckdb from it with
ketamine_faers.clean_model.build_clean_tables and prints the funnel and the rate.
Nothing here is committed data: it is for timing only.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import duckdb

from benchmarks.generate_raw_records import generate
from ketamine_faers.clean_model import build_clean_tables

BASE = 100_000


def ensure_raw(path: Path, count: int) -> None:
    if path.exists():
        con = duckdb.connect(str(path), read_only=True)
        ((have,),) = con.execute("select count(*) from raw_records").fetchall()
        con.close()
        if have == count:
            return
        path.unlink()
    generate(path, min(count, BASE))
    if count <= BASE:
        return
    con = duckdb.connect(str(path))
    copies = -(-count // BASE)
    con.execute(
        """
        insert into raw_records
        select
            quarter,
            record_seq + copy * $base,
            case when safetyreportid is not null then copy || safetyreportid end,
            regexp_replace(
                record::varchar, '"safetyreportid": "', '"safetyreportid": "' || copy
            )::json,
            fetched_at,
            source_last_updated
        from raw_records, range(1, $copies) as copies(copy)
        """,
        {"base": BASE, "copies": copies},
    )
    con.execute(
        "delete from raw_records where rowid in "
        "(select rowid from raw_records order by rowid desc limit $extra)",
        {"extra": copies * BASE - count},
    )
    con.close()


def main(folder: str, count: int) -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    raw = out / "raw.duckdb"
    ensure_raw(raw, count)
    build = out / "build.duckdb"
    build.unlink(missing_ok=True)
    con = duckdb.connect(str(build))
    con.execute("attach ? as raw (read_only)", [str(raw)])
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    funnel = build_clean_tables(con)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    con.close()
    print(funnel.as_metadata())
    print(
        f"{funnel.raw_records:,} raw records -> {funnel.reports:,} reports in {seconds:.2f} s"
        f" ({funnel.raw_records / seconds:,.0f} raw records/s,"
        f" {funnel.reports / seconds:,.0f} reports/s; CPU {cpu:.1f} s)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("folder", help="where raw.duckdb and build.duckdb are written")
    parser.add_argument("count", type=int, help="number of raw records")
    args = parser.parse_args()
    main(args.folder, args.count)
