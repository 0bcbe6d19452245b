"""A backfill that fails midway resumes on re-execution without refetching what succeeded."""

from __future__ import annotations

import dagster as dg
import duckdb

from assets.run_tags import partition_range_tags
from standins.openfda import LocalOpenFDA
from tests.support.refresh_job_from_env import refresh_job


def _records() -> list[dict]:
    days = ["20180210", "20180510", "20180810", "20181110", "20190210", "20190510"]
    return [
        {
            "safetyreportid": str(50_000_000 + 100 * i + n),
            "receivedate": day,
            "patient": {
                "drug": [{"medicinalproduct": "KETAMINE", "drugcharacterization": "1"}],
                "reaction": [{"reactionmeddrapt": "Dissociation"}],
            },
        }
        for i, day in enumerate(days)
        for n in range(20)
    ]


def _record_pages(service: LocalOpenFDA, since: int) -> list[str]:
    """Searches of the record fetches (pages of 1,000), not the background count queries."""
    return [
        r.params["search"]
        for r in service.requests[since:]
        if r.params.get("limit") == "1000" and "count" not in r.params
    ]


def test_reexecution_after_a_failure_refetches_only_what_failed(tmp_path, monkeypatch):
    with LocalOpenFDA(_records()) as service:
        monkeypatch.setenv("OPENFDA_BASE_URL", service.url)
        monkeypatch.setenv("OPENFDA_REQUESTS_PER_MINUTE", "0")
        monkeypatch.setenv("FAERS_DATA_DIR", str(tmp_path / "data"))
        monkeypatch.delenv("OPENFDA_API_KEY", raising=False)
        # 2018Q4's product search keeps failing: the run lands 2018Q1..Q3, then fails
        service.faults.inject("503", times=100, match="20181001")
        job = dg.reconstructable(refresh_job)
        with dg.instance_for_test() as instance:
            first = dg.execute_job(job, instance, tags=partition_range_tags("2018Q1", "2019Q2"))
            assert not first.success
            with duckdb.connect(str(tmp_path / "data/work/raw.duckdb"), read_only=True) as con:
                landed = {q for (q,) in con.execute("select quarter from raw_fetches").fetchall()}
            assert landed == {"2018Q1", "2018Q2", "2018Q3"}

            service.faults.clear()
            mark = len(service.requests)
            options = dg.ReexecutionOptions.from_failure(first.run_id, instance)
            second = dg.execute_job(
                job, instance, tags=first.dagster_run.tags, reexecution_options=options
            )
            assert second.success
        refetched = _record_pages(service, mark)
    # only the three quarters that had not landed were fetched again
    assert len(refetched) == 3
    assert all("2018" not in s or "20181001" in s for s in refetched)
    with duckdb.connect(str(tmp_path / "data/faers.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from reports").fetchone()[0] == 120
