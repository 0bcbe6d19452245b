"""A stand-in analyst: opens the published file read-only in a loop until terminated, then
prints how many queries ran and how many failed. Each answer must come from one build, so
the report count and the sum over quarters, read in one connection, must agree."""

import signal
import sys
import time

import duckdb

path = sys.argv[1]
queries = errors = 0
running = True


def stop(*_: object) -> None:
    global running
    running = False


signal.signal(signal.SIGTERM, stop)
while running:
    try:
        with duckdb.connect(path, read_only=True) as con:
            total = con.execute("select count(*) from reports").fetchone()[0]
            by_quarter = con.execute(
                "select sum(n) from (select count(*) as n from reports group by quarter)"
            ).fetchone()[0]
            if total != by_quarter or total == 0:
                raise RuntimeError(f"inconsistent answer: {total} vs {by_quarter}")
        queries += 1
    except Exception as exc:  # noqa: BLE001 - every failure is counted and shown
        errors += 1
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
    time.sleep(0.02)
print(queries, errors)
