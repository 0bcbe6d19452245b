"""Reliability 4: concurrent readers. Three processes query the published file in a loop while
a full run rebuilds and publishes a grown corpus: zero errors, and every answer is exactly the
old build's or the new build's."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from ketamine_faers.paths import PROJECT_ROOT
from standins.openfda import LocalOpenFDA
from tests.support.reliability_helpers import (
    assert_nothing_lost,
    record_figures,
    run_all,
    small_corpus,
)

pytestmark = pytest.mark.reliability
READER = PROJECT_ROOT / "tests" / "support" / "reliability_reader.py"


def test_three_readers_see_no_error_and_one_build_per_answer(tmp_path):
    data = tmp_path / "data"
    old = small_corpus(600, seed=21)
    new = old + small_corpus(150, seed=22, start_id=73_000_000)
    with LocalOpenFDA(old) as service:
        assert run_all(service, data).success
        readers = [
            subprocess.Popen(
                [sys.executable, str(READER), str(data / "faers.duckdb")],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(3)
        ]
        try:
            time.sleep(1.0)
            service.replace_records(new)
            assert run_all(service, data).success
            time.sleep(1.0)
        finally:
            for reader in readers:
                reader.terminate()
            outputs = [reader.communicate(timeout=60) for reader in readers]
        pub = assert_nothing_lost(service, data)
    results = [json.loads(out) for out, _ in outputs]
    builds = {(len(old), 0), (len(new), 0)}
    for result, (_, err) in zip(results, outputs, strict=True):
        assert result["errors"] == 0, result["messages"] or err
        assert result["queries"] > 20, err
        assert {tuple(a) for a in result["answers"]} <= builds, result["answers"]
    seen = set().union(*({tuple(a) for a in r["answers"]} for r in results))
    assert (len(new), 0) in seen, "no reader saw the new build"
    assert len(pub.reports) == len(new)
    record_figures(
        "concurrent_readers",
        readers=len(readers),
        reader_queries=sum(r["queries"] for r in results),
        reader_errors=sum(r["errors"] for r in results),
        builds_seen=len(seen),
        lost=0,
        duplicated=0,
    )
