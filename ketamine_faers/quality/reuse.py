"""Reusing stored results: a suite whose data, suite file, batch SQL and validation code are
all as when it was last validated gets that validation's results back from ``data_quality``
instead of running GX again.

Only verdicts that cannot turn with the date are reused: an expectation taking a
``$PARAMETER`` that only widens with time (:data:`WIDENING_PARAMETERS`) may be reused when it
passed, never when it failed; any other parameter means the suite is always validated.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from ketamine_faers import build_state
from ketamine_faers.catalog import relation_exists
from ketamine_faers.quality.outcomes import ExpectationResult, ValidationOutcome
from ketamine_faers.quality.suites import expectation_id, expectation_ids, suite_json
from ketamine_faers.sql_files import read_sql

#: ``$PARAMETER`` uses that only get easier to meet as time passes: the upper bound of a date
#: (``today``) and the set of valid quarters both grow. An expectation using one that passed
#: still passes on the same data later; one that failed might not fail any more.
WIDENING_PARAMETERS = frozenset({("max_value", "today"), ("value_set", "quarters")})


def parameterised_expectations(name: str) -> frozenset[str] | None:
    """Ids of the suite's expectations that take a ``$PARAMETER``, or None when one takes a
    parameter outside :data:`WIDENING_PARAMETERS` (its verdict could turn with the date, so
    the suite's results are never reused)."""
    ids = set()
    for item in suite_json(name).get("expectations", []):
        kwargs = item.get("kwargs") or {}
        used = {
            (key, value["$PARAMETER"])
            for key, value in kwargs.items()
            if isinstance(value, dict) and "$PARAMETER" in value
        }
        if not used:
            continue
        if not used <= WIDENING_PARAMETERS:
            return None
        ids.add(expectation_id(name, item))
    return frozenset(ids)


@dataclass(frozen=True)
class ValidationPlan:
    """Whether a suite is validated in this run or its stored results are reused.

    ``fingerprint`` covers the validated data, the suite, its batch SQL and the validation
    code (None: a table it reads is missing, so the results are not kept for reuse);
    ``reused`` holds the stored outcome when everything is as when it was made."""

    suite: str
    fingerprint: str | None
    depends_on: tuple[str, ...]
    reused: ValidationOutcome | None = None
    reason: str = ""


def plan_validations(
    con: duckdb.DuckDBPyConnection,
    suites: Sequence[str],
    data_docs_dir: Path,
    fingerprints: build_state.Fingerprints | None = None,
) -> list[ValidationPlan]:
    """Per suite: reuse the stored results of the last validation of the same data (the
    content of every table it reads) with the same suite and code, or validate. Results are
    reused only when no failed expectation takes a date parameter, and the suite's Data Docs
    page is the stored run's."""
    fingerprints = fingerprints or build_state.Fingerprints(con)
    hashes: dict[str, str] = {}  # several suites read the same tables: hash each once
    plans = []
    for suite in suites:
        data = _data_fingerprint(con, suite, hashes)
        if data is None:
            plans.append(ValidationPlan(suite, None, (), reason="a table it reads is missing"))
            continue
        data_fingerprint, depends_on = data
        fingerprint = fingerprints.validation(suite, data_fingerprint)
        stored = build_state.stored(con, build_state.validation_stage(suite))
        reused: ValidationOutcome | None = None
        reason = "no earlier validation of this data with this suite"
        if stored is not None and stored.fingerprint == fingerprint:
            reused, reason = _stored_outcome(con, suite, stored, data_docs_dir)
        plans.append(ValidationPlan(suite, fingerprint, depends_on, reused, reason))
    return plans


def remember_validations(
    con: duckdb.DuckDBPyConnection,
    plans: Sequence[ValidationPlan],
    outcomes: Sequence[ValidationOutcome],
    run_id: str,
) -> None:
    """Store the fingerprint of each suite validated now whose results may be reused later
    (the batch was built, no failed expectation takes a date parameter); forget the rest."""
    by_suite = {plan.suite: plan for plan in plans}
    for outcome in outcomes:
        plan = by_suite[outcome.suite]
        stage = build_state.validation_stage(outcome.suite)
        build_state.forget(con, stage)
        if plan.fingerprint is None or outcome.error is not None:
            continue
        if _failures_may_change(outcome.suite, outcome.failures()):
            continue
        build_state.remember(
            con,
            stage,
            plan.fingerprint,
            run_id,
            depends_on=plan.depends_on,
            details={"rows": outcome.rows, "validated_at": outcome.validated_at.isoformat()},
        )


def _failures_may_change(suite: str, failures: Sequence[ExpectationResult]) -> bool:
    parameterised = parameterised_expectations(suite)
    if parameterised is None:
        return True
    return any(f.expectation_id in parameterised for f in failures)


def _data_fingerprint(
    con: duckdb.DuckDBPyConnection, suite: str, hashes: dict[str, str]
) -> tuple[str, tuple[str, ...]] | None:
    """The content digest of every table the suite reads, and the build stages they belong
    to; None when a table is missing (the suite then reports it). ``hashes`` caches the
    tables' digests across the suites of one plan."""
    reads = sorted(suite_json(suite)["meta"]["reads"])
    if not all(relation_exists(con, table) for table in reads):
        return None
    missing = [table for table in reads if table not in hashes]
    hashes.update(build_state.table_hashes(con, missing))
    stages = {build_state.stage_reading(table) for table in reads}
    built = tuple(sorted(s for s in stages if s in (build_state.CLEAN, build_state.EFFECTS)))
    return json.dumps({table: hashes[table] for table in reads}, sort_keys=True), built


def _stored_outcome(
    con: duckdb.DuckDBPyConnection,
    suite: str,
    stored: build_state.StoredStage,
    data_docs_dir: Path,
) -> tuple[ValidationOutcome | None, str]:
    """The outcome stored for ``stored``'s run, or None and why it cannot be reused."""
    if parameterised_expectations(suite) is None:
        return None, "a suite parameter other than today or quarters"
    result_file = Path(data_docs_dir) / "results" / f"{suite}.json"
    try:
        docs_run = json.loads(result_file.read_text(encoding="utf-8")).get("run_id")
    except (OSError, ValueError):
        docs_run = None
    if docs_run != stored.run_id or not (Path(data_docs_dir) / "index.html").is_file():
        return None, "Data Docs do not show the stored validation"
    try:
        rows = con.execute(
            read_sql("operations/quality/select_run_results.sql"),
            {"run_id": stored.run_id, "suite": suite},
        ).fetchall()
    except duckdb.CatalogException:
        return None, "no data_quality table"
    # the columns after table_name are an ExpectationResult's fields after its suite
    results = tuple(ExpectationResult(suite, *row[1:]) for row in rows)
    expected = expectation_ids(suite)
    if {r.expectation_id for r in results} != expected or len(results) != len(expected):
        return None, "the stored results do not cover the suite"
    if _failures_may_change(suite, [r for r in results if not r.success]):
        return None, "a failed expectation takes a date parameter"
    outcome = ValidationOutcome(
        suite=suite,
        table=rows[0][0],
        run_id=stored.run_id,
        validated_at=datetime.fromisoformat(stored.details["validated_at"]),
        rows=stored.details.get("rows"),
        seconds=0.0,
        results=results,
    )
    return outcome, f"data, suite and code unchanged since run {stored.run_id}"
