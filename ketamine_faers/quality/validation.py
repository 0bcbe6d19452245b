"""Running GX: each suite validated against its batch, as a
:class:`~ketamine_faers.quality.outcomes.ValidationOutcome`.

The batch is validated in pandas by GX's standard expectations (GX's SQL path through
duckdb-engine fails against duckdb 2.0). A table that does not exist, or a batch query that
fails, is an outcome in which every expectation of the suite failed with the reason, never
an exception.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import duckdb

from ketamine_faers.quality.batches import BatchUnavailable, batch_frame
from ketamine_faers.quality.gx_context import batch_definition, ephemeral_context, run_identifier
from ketamine_faers.quality.gx_results import (
    SAMPLE_VALUES,
    expectation_result,
    unavailable_gx_result,
    unavailable_result,
)
from ketamine_faers.quality.outcomes import QUARTER_COUNTS_SUITE, ValidationOutcome
from ketamine_faers.quality.suites import load_suite, suite_json, suite_names
from ketamine_faers.quarters import all_quarters

if TYPE_CHECKING:
    from great_expectations.data_context import AbstractDataContext


def validate_all(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    *,
    suites: Iterable[str] | None = None,
    history: duckdb.DuckDBPyConnection | None = None,
    today: date | None = None,
) -> list[ValidationOutcome]:
    """Validate every suite (or ``suites``) against the tables of ``con``.

    ``history`` holds ``quality_quarter_counts`` (the counts of earlier builds) and defaults to
    ``con``; ``today`` is the upper bound of every date (default: today's date).
    """
    context = ephemeral_context()
    return [
        validate_table(con, name, run_id, history=history, today=today, context=context)
        for name in (list(suites) if suites is not None else suite_names())
    ]


def validate_table(
    con: duckdb.DuckDBPyConnection,
    table_name: str,
    run_id: str,
    *,
    history: duckdb.DuckDBPyConnection | None = None,
    today: date | None = None,
    context: AbstractDataContext | None = None,
) -> ValidationOutcome:
    """Validate one table with its suite. ``table_name`` is the suite's name (the file stem in
    ``expectations/``: ``reports``, ``raw_records``, ``quarter_counts``...)."""
    import great_expectations as gx  # imported when validating: it takes seconds

    started = time.perf_counter()
    validated_at = datetime.now(UTC).replace(tzinfo=None)
    suite = load_suite(table_name)
    meta = suite_json(table_name)["meta"]  # what load_suite gave the suite, checked
    try:
        frame = batch_frame(con, table_name, meta, history if history is not None else con)
    except BatchUnavailable as problem:
        results = tuple(unavailable_result(table_name, e, str(problem)) for e in suite.expectations)
        return ValidationOutcome(
            suite=table_name,
            table=meta["table"],
            run_id=run_id,
            validated_at=validated_at,
            rows=None,
            seconds=round(time.perf_counter() - started, 3),
            results=results,
            error=str(problem),
            gx_result=unavailable_gx_result(suite, str(problem), run_id, validated_at),
        )

    context = context or ephemeral_context()
    # GX gives the expectations new random ids when the suite is added to a context (in
    # place): keep ours, so data_quality.expectation_id follows an expectation across runs.
    stable_ids = [e.id for e in suite.expectations]
    # A ValidationDefinition builds the batch once (Batch.validate builds it twice, and GX
    # fingerprints the whole frame each time: seconds at a million rows).
    definition = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(
            name=table_name,
            data=batch_definition(context, table_name),
            suite=context.suites.add_or_update(suite),
        )
    )
    gx_result = definition.run(
        batch_parameters={"dataframe": frame},
        expectation_parameters=_parameters(today),
        result_format={"result_format": "SUMMARY", "partial_unexpected_count": SAMPLE_VALUES},
        run_id=run_identifier(run_id, validated_at),
    )
    by_id = {
        r.expectation_config.id: r for r in gx_result.results if r.expectation_config is not None
    }
    results = tuple(
        dataclasses.replace(
            expectation_result(table_name, e, by_id.get(e.id)), expectation_id=stable
        )
        for e, stable in zip(suite.expectations, stable_ids, strict=True)
    )
    return ValidationOutcome(
        suite=table_name,
        table=meta["table"],
        run_id=run_id,
        validated_at=validated_at,
        rows=len(frame),
        seconds=round(time.perf_counter() - started, 3),
        results=results,
        facts=frame if table_name == QUARTER_COUNTS_SUITE else None,
        gx_result=gx_result,
    )


def _parameters(today: date | None) -> dict[str, Any]:
    """The suites' ``$PARAMETER`` values: ``today`` (the latest valid date) and ``quarters``
    (every partition, 2004Q1 to today's quarter)."""
    day = today or date.today()
    return {
        "today": datetime(day.year, day.month, day.day).isoformat(),
        "quarters": all_quarters(day),
    }
