"""Reliability 1: faults from the API. Every fault kind of the local openFDA service, injected
at a seeded rate at random points of the run: the run completes with every served id published
exactly once; faults that outlast the retries fail the run cleanly and the re-run completes."""

from __future__ import annotations

import dagster as dg
import pytest

from standins.openfda import LocalOpenFDA
from tests.support.reliability_helpers import (
    SECRET,
    assert_nothing_lost,
    file_digest,
    record_figures,
    run_all,
    small_corpus,
)

pytestmark = pytest.mark.reliability

# kind, extra arguments: 429 with and without Retry-After, every 5xx, timeouts (slow beyond the
# client's 1 s timeout), cut connections, truncated JSON and totals that move between pages
FAULTS = [
    ("429", {}),
    ("429", {"retry_after": 0}),
    ("500", {}),
    ("502", {}),
    ("503", {"retry_after": 0}),
    ("slow", {"delay": 1.5}),
    ("drop", {}),
    ("truncate", {}),
    ("shift_total", {"shift": 3}),
    ("shift_total", {"shift": -2}),
]


def _leaks(tmp_path, instance, result) -> list[str]:
    found = [
        str(p) for p in tmp_path.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()
    ]
    found += [repr(e)[:80] for e in instance.all_logs(result.run_id) if SECRET in repr(e)]
    return found


def _run_with_faults(tmp_path, monkeypatch, faults, seed, rate, records=600):
    monkeypatch.setenv("OPENFDA_API_KEY", SECRET)
    (tmp_path / "home").mkdir()
    instance = dg.DagsterInstance.local_temp(str(tmp_path / "home"))
    with LocalOpenFDA(small_corpus(records, seed=seed)) as service:
        rules = []
        for n, (kind, extra) in enumerate(faults):
            # shift_total changes the corpus; a few times is enough to move every total
            times = 3 if kind == "shift_total" else None
            rules.append(
                service.faults.inject(kind, rate=rate, seed=seed * 100 + n, times=times, **extra)
            )
        result = run_all(
            service,
            tmp_path / "data",
            instance=instance,
            api_key=dg.EnvVar("OPENFDA_API_KEY"),
        )
        fired = service.faults.fired
        # every rule (429 with and without Retry-After counted apart) met the client
        unfired = [(rule.kind, rule.retry_after, rule.shift) for rule in rules if not rule.fired]
        assert not unfired, f"rules that never fired: {unfired}"
        assert result.success, f"run failed with faults {fired}"
        pub = assert_nothing_lost(service, tmp_path / "data")
        assert not _leaks(tmp_path, instance, result)
        assert all(SECRET not in repr(r) for r in service.requests)
        return fired, pub, len(service.requests)


def test_every_fault_kind_mixed_at_random_points_loses_nothing(tmp_path, monkeypatch):
    fired, pub, requests = _run_with_faults(tmp_path, monkeypatch, FAULTS, seed=2, rate=0.05)
    assert sum(fired.values()) >= 5, fired
    record_figures(
        "faults_mixed",
        fault_injections=sum(fired.values()),
        fired=fired,
        requests=requests,
        ids_published=len(pub.ids),
        lost=0,
        duplicated=0,
    )


@pytest.mark.soak
@pytest.mark.parametrize(("kind", "extra"), FAULTS, ids=[f"{k}{sorted(e)}" for k, e in FAULTS])
def test_each_fault_kind_at_rate_loses_nothing(tmp_path, monkeypatch, kind, extra):
    fired, pub, requests = _run_with_faults(
        tmp_path, monkeypatch, [(kind, extra)], seed=7, rate=0.2, records=2_000
    )
    assert fired.get(kind, 0) >= 1, fired
    record_figures(
        f"faults_{kind}{'_' + '_'.join(sorted(extra)) if extra else ''}",
        fault_injections=sum(fired.values()),
        requests=requests,
        ids_published=len(pub.ids),
        lost=0,
        duplicated=0,
    )


def test_faults_beyond_the_retries_fail_cleanly_and_the_rerun_completes(tmp_path, caplog):
    data = tmp_path / "data"
    with LocalOpenFDA(small_corpus(600, seed=3)) as service:
        assert run_all(service, data).success
        before = file_digest(data / "faers.duckdb")
        # 2022Q2's record search answers 503 more often than the client retries
        service.faults.inject("503", times=100, match="20220401")
        failed = run_all(service, data, max_attempts=3)
        fired = service.faults.fired.get("503", 0)
        assert not failed.success
        errors = [
            e.event_specific_data.error.to_string()
            for e in failed.all_events
            if e.event_type == dg.DagsterEventType.STEP_FAILURE
        ]
        assert any("could not be read" in m and "after 3 attempts" in m for m in errors), errors
        assert file_digest(data / "faers.duckdb") == before, "published file changed"
        service.faults.clear()
        assert run_all(service, data).success
        pub = assert_nothing_lost(service, data)
    record_figures(
        "faults_beyond_retries", fault_injections=fired, failed_cleanly=1, lost=0, duplicated=0
    )
    assert len(pub.reports) == 600
