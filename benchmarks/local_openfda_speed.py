"""Times the local openFDA service's query evaluation on the bundled synthetic corpus.

    python -m benchmarks.local_openfda_speed [QUARTER ...]

For each quarter (default 2021Q1, about 470 records, and 2023Q1, about 25,700) it answers the
requests the demo sends for that quarter's background (``limit=0`` totals: the window, the
two product searches, every category and every single-term search; and the
``count=patient.reaction.reactionmeddrapt.exact`` over the window), plus the client's report
search (all product names, ``limit=0``). Each request runs on a cold result cache, so every
one evaluates its search; the first pass also pays the per-corpus field extraction, which is
reported separately, then small quarters are run three more times, large ones once.
Prints milliseconds per request and microseconds per record of the quarter per request.
Nothing here is committed data: it is for timing only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from ketamine_faers.quarters import quarter_bounds
from ketamine_faers.sources.openfda.background import (
    REACTION_FIELD,
    background_queries,
    effect_terms_from_csv,
)
from ketamine_faers.sources.openfda.client import product_search, receivedate_range
from standins.openfda.server import Corpus, answer_request
from standins.sample import generate_sample_corpus


def requests_for(quarter: str) -> list[tuple[str, list[tuple[str, str]]]]:
    start, end = quarter_bounds(quarter)
    out = []
    for query in background_queries(start, end, effect_terms_from_csv()):
        out.append((query.measure, [("search", query.search), ("limit", "0")]))
    out.append(("report_search", [("search", product_search(start, end)), ("limit", "0")]))
    window = receivedate_range(start, end)
    count = [("search", window), ("count", REACTION_FIELD), ("limit", "1000")]
    out.append(("count", count))
    return out


def run(
    corpus: Corpus, requests: list[tuple[str, list[tuple[str, str]]]]
) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    for measure, pairs in requests:
        corpus._cache.clear()
        began = time.perf_counter()
        answer = answer_request(corpus, pairs, last_updated="2026-11-20", link_base="x")
        elapsed = time.perf_counter() - began
        if answer.status not in (200, 404):
            raise SystemExit(f"{measure} answered {answer.status}: {answer.payload}")
        times.setdefault(measure, []).append(elapsed)
    return times


def main(quarters: list[str]) -> None:
    records = generate_sample_corpus()
    began = time.perf_counter()
    corpus = Corpus(records)
    print(f"{len(records)} records; Corpus built in {time.perf_counter() - began:.2f} s")
    for quarter in quarters:
        start, end = quarter_bounds(quarter)
        size = sum(
            start.strftime("%Y%m%d") <= r["receivedate"] <= end.strftime("%Y%m%d") for r in records
        )
        requests = requests_for(quarter)
        began = time.perf_counter()
        run(corpus, requests)
        first = time.perf_counter() - began
        repeats = 3 if size < 5000 else int(os.environ.get("LARGE_REPEATS", "1"))
        best: dict[str, list[float]] = {}
        for _ in range(repeats):
            for measure, values in run(corpus, requests).items():
                best.setdefault(measure, []).extend(values)
        total = sum(min(v) for v in best.values())
        print(
            f"\n{quarter}: {size} records, {len(requests)} requests; first pass "
            f"{first * 1000:.0f} ms (includes field extraction)"
        )
        for measure, values in best.items():
            median = statistics.median(values)
            print(
                f"  {measure:18} n={len(values) // repeats:3}  median {median * 1000:8.2f} ms  "
                f"{median / size * 1e6:7.2f} us/record"
            )
        every = [v for values in best.values() for v in values]
        median = statistics.median(every)
        print(
            f"  {'all':18}        median {median * 1000:8.2f} ms  "
            f"{median / size * 1e6:7.2f} us/record   (sum of minima {total * 1000:.0f} ms)"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "quarters", nargs="*", metavar="QUARTER", help="quarters to time (default 2021Q1 2023Q1)"
    )
    main(parser.parse_args().quarters or ["2021Q1", "2023Q1"])
