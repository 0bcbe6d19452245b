"""Shared pieces of the reliability suite: small corpora, the lost/duplicated check and the
figures each test records (printed as one summary line, collected for docs/RELIABILITY.md)."""

from __future__ import annotations

import json
import os
import random
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb

from assets import ASSET_MODULES
from assets.resources import FaersFilesResource, OpenFDAResource, WarehouseResource
from assets.run_tags import partition_range_tags
from ketamine_faers.paths import PROJECT_ROOT
from pipelines.jobs import OPENFDA_SELECTION
from standins.openfda import LocalOpenFDA

ROOT = PROJECT_ROOT
FIGURES = ROOT / "test-artifacts" / "reliability_figures.jsonl"
FIRST, LAST = "2021Q1", "2022Q4"
SECRET = "RELIABILITY-SECRET-9f3e1d-never-leaks"

_PRODUCTS = ["SPRAVATO", "KETALAR", "KETAMINE HYDROCHLORIDE", "ESKETAMINE"]
_TERMS = ["Dissociation", "Sedation", "Blood pressure increased", "Amnesia", "Nausea"]


def small_corpus(n: int = 1_200, seed: int = 9, start_id: int = 70_000_000) -> list[dict]:
    """``n`` matching reports spread over 2021Q1..2022Q4 (a few days per quarter)."""
    rng = random.Random(seed)
    days = [f"{y}{m:02d}{d:02d}" for y in (2021, 2022) for m in (1, 5, 8, 11) for d in (3, 17)]
    return [
        {
            "safetyreportid": str(start_id + i),
            "safetyreportversion": "1",
            "receivedate": rng.choice(days),
            "patient": {
                "patientonsetage": str(rng.randint(18, 80)),
                "patientonsetageunit": "801",
                "drug": [{"medicinalproduct": rng.choice(_PRODUCTS), "drugcharacterization": "1"}],
                "reaction": [{"reactionmeddrapt": rng.choice(_TERMS)}],
            },
        }
        for i in range(n)
    ]


def resources(service: LocalOpenFDA | str, data_dir: Path, *, max_attempts: int = 8, **kw) -> dict:
    url = service if isinstance(service, str) else service.url
    return {
        "openfda": OpenFDAResource(
            base_url=url,
            requests_per_minute=0,
            backoff_base_seconds=0.01,
            max_attempts=max_attempts,
            timeout_seconds=1,
            **kw,
        ),
        "warehouse": WarehouseResource(data_dir=str(data_dir)),
        # the files source is not selected in these runs; Dagster still wants its resource
        "faers_files": FaersFilesResource(),
    }


def run_all(
    service: LocalOpenFDA | str,
    data_dir: Path,
    *,
    instance: dg.DagsterInstance | None = None,
    first: str = FIRST,
    last: str = LAST,
    **kw,
) -> dg.ExecuteInProcessResult:
    """Every asset and check over ``first..last`` as one in-process run (no raise)."""
    return dg.materialize(
        [
            *dg.load_assets_from_modules(ASSET_MODULES),
            *dg.load_asset_checks_from_modules(ASSET_MODULES),
        ],
        selection=OPENFDA_SELECTION,
        resources=resources(service, data_dir, **kw),
        tags=partition_range_tags(first, last),
        instance=instance,
        raise_on_error=False,
    )


@dataclass(frozen=True)
class Published:
    reports: Counter
    quarantined: Counter
    quarantine_without_id: int
    reasons_missing: int
    raw_per_quarter: dict[str, int]
    reconciled_per_quarter: dict[str, int]

    @property
    def ids(self) -> set[str]:
        return set(self.reports) | set(self.quarantined)


def published(data_dir: Path) -> Published:
    db = data_dir / "faers.duckdb"
    with duckdb.connect(str(db), read_only=True) as con:
        reports = Counter(
            r[0] for r in con.execute("select safetyreportid from reports").fetchall()
        )
        rows = con.execute("select safetyreportid, reason_code, reason from quarantine").fetchall()
        per_quarter = dict(
            con.execute(
                "select quarter, sum(n) from (select quarter, count(*) n from reports group by 1 "
                "union all select quarter, count(*) from quarantine group by 1) group by 1"
            ).fetchall()
        )
    with duckdb.connect(str(data_dir / "work" / "raw.duckdb"), read_only=True) as con:
        raw = dict(con.execute("select quarter, count(*) from raw_records group by 1").fetchall())
    return Published(
        reports=reports,
        quarantined=Counter(r[0] for r in rows if r[0] is not None),
        quarantine_without_id=sum(1 for r in rows if r[0] is None),
        reasons_missing=sum(1 for r in rows if not r[1] or not r[2]),
        raw_per_quarter=raw,
        reconciled_per_quarter={q: int(n) for q, n in per_quarter.items()},
    )


def assert_nothing_lost(service: LocalOpenFDA, data_dir: Path) -> Published:
    """Every id the service served is published (report or quarantine), none twice as a
    report, none published that was never served, and raw = reports + quarantine."""
    pub = published(data_dir)
    served = set(service.served_ids())
    dup = {i: n for i, n in pub.reports.items() if n > 1}
    assert not dup, f"duplicated reports: {list(dup)[:10]}"
    lost = served - pub.ids
    assert not lost, f"{len(lost)} served ids lost, e.g. {sorted(lost)[:10]}"
    unserved = pub.ids - served
    assert not unserved, f"published ids never served: {sorted(unserved)[:10]}"
    assert pub.reasons_missing == 0
    assert pub.raw_per_quarter == pub.reconciled_per_quarter
    return pub


def record_figures(scenario: str, **figures: object) -> None:
    """Print one summary line and append it to test-artifacts/reliability_figures.jsonl."""
    line = {"scenario": scenario, "at": time.strftime("%Y-%m-%dT%H:%M:%S"), **figures}
    print("RELIABILITY " + json.dumps(line, sort_keys=True))
    FIGURES.parent.mkdir(exist_ok=True)
    with open(FIGURES, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(line, sort_keys=True) + "\n")


def file_digest(path: Path) -> bytes | None:
    import hashlib

    return hashlib.sha256(path.read_bytes()).digest() if path.exists() else None


def cli_env(base_url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DAGSTER_HOME", "OPENFDA_API_KEY"}}
    env.update(
        OPENFDA_BASE_URL=base_url,
        OPENFDA_REQUESTS_PER_MINUTE="0",
        FAERS_DATA_DIR=str(data_dir),
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


PHASES = {
    "raw_reports": "fetching",
    "raw_landing_expectations": "fetching",
    "background_counts": "fetching",
}


def phase_of(step: str | None) -> str:
    """The phase a run was in, from the last step it started."""
    if step is None:
        return "starting"
    if step in PHASES:
        return PHASES[step]
    if step == "published_database":
        return "publishing"
    if step in {"dashboards"} or step.startswith("freshness"):
        return "after publishing"
    return "cleaning"


class CliRun:
    """``ketamine-faers run`` as a subprocess whose output is read line by line in threads,
    so a test can wait for a log line and kill the process at that moment."""

    def __init__(self, env: dict[str, str], first: str = FIRST, last: str = LAST) -> None:
        import subprocess
        import sys
        import threading

        exe = Path(sys.executable).parent / "ketamine-faers"
        self.lines: list[str] = []
        self.stdout: list[str] = []
        self.last_step: str | None = None
        self._cond = threading.Condition()
        self.proc = subprocess.Popen(
            [str(exe), "run", "--first", first, "--last", last],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
        )
        self._threads = [
            threading.Thread(target=self._read, args=(self.proc.stderr, self.lines), daemon=True),
            threading.Thread(target=self._read, args=(self.proc.stdout, self.stdout), daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _read(self, stream, sink: list[str]) -> None:
        for line in stream:
            with self._cond:
                sink.append(line)
                if " - STEP_START - " in line:
                    self.last_step = line.split('step "', 1)[1].split('"', 1)[0]
                self._cond.notify_all()

    def wait_for(self, text: str, timeout: float = 120) -> bool:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not any(text in line for line in self.lines + self.stdout):
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    return any(text in line for line in self.lines + self.stdout)
                self._cond.wait(min(left, 0.2))
        return True

    def kill(self) -> str:
        """SIGKILL the run; returns the phase it was in."""
        with self._cond:
            phase = phase_of(self.last_step)
        self.proc.kill()
        self.finish()
        return phase

    def finish(self, timeout: float = 600) -> int:
        code = self.proc.wait(timeout=timeout)
        for thread in self._threads:
            thread.join(timeout=10)
        return code

    @property
    def output(self) -> str:
        return "".join(self.stdout) + "".join(self.lines)
