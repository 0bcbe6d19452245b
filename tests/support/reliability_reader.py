"""A stand-in analyst for the reliability suite (the tests/support/read_in_a_loop.py pattern): opens
the published file read-only in a loop until SIGTERM and, per connection, reads the report
count, the per-quarter sum, the quarantine count and the signal count. Prints one JSON line:
queries, errors, and every distinct answer seen, so the test can check each answer came from
one complete build."""

import json
import signal
import sys
import time

import duckdb

path = sys.argv[1]
queries = errors = 0
answers: set[tuple[int, int]] = set()
messages: list[str] = []
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
            quarantined = con.execute("select count(*) from quarantine").fetchone()[0]
            con.execute("select count(*) from signals").fetchone()
            if total != by_quarter or total == 0:
                raise RuntimeError(f"inconsistent answer: {total} vs {by_quarter}")
            answers.add((total, quarantined))
        queries += 1
    except Exception as exc:  # noqa: BLE001 - every failure is counted and shown
        errors += 1
        messages.append(f"{type(exc).__name__}: {exc}"[:300])
    time.sleep(0.05)
print(
    json.dumps(
        {"queries": queries, "errors": errors, "answers": sorted(answers), "messages": messages[:5]}
    )
)
