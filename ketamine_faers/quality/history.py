"""The quality history kept in the state database, appended at every validation run:

* ``data_quality``: one row per expectation of every suite validated, the record of every
  run's verdicts (and what :mod:`~ketamine_faers.quality.reuse` reuses);
* ``quality_quarter_counts``: the quarter_counts suite's record counts per quarter; the last
  run that passed is the baseline that catches a quarter whose report count dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

from ketamine_faers.catalog import relation_exists
from ketamine_faers.quality.outcomes import QUARTER_COUNTS_SUITE, ValidationOutcome
from ketamine_faers.sql_files import read_sql, run_sql

DATA_QUALITY_COLUMNS = (
    "run_id",
    "validated_at",
    "suite",
    "table_name",
    "expectation",
    "column_name",
    "success",
    "observed_value",
    "severity",
    "details",
    "description",
    "expectation_id",
)


def previous_quarter_counts(history: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Report counts per quarter of the last build that passed validation (no error-level
    failure); empty when there is none yet."""
    if not relation_exists(history, "quality_quarter_counts"):
        return pd.DataFrame(
            {"quarter": pd.Series([], dtype=object), "clean_reports": pd.Series([], dtype="int64")}
        )
    return history.execute(read_sql("operations/quality/select_previous_quarter_counts.sql")).df()


def record_results(
    con_state: duckdb.DuckDBPyConnection,
    outcomes: Sequence[ValidationOutcome],
    *,
    others_passed: bool = True,
) -> int:
    """Append one ``data_quality`` row per expectation of every outcome, and the quarter
    counts of the run to ``quality_quarter_counts``, in one transaction. Creates both tables
    when missing. Returns the number of ``data_quality`` rows written. ``others_passed``
    says whether the suites validated with these but not recorded here (reused results)
    passed: the counts are a baseline only when the whole validation passed."""
    run_sql(con_state, "operations/quality/create_data_quality.sql")
    run_sql(con_state, "operations/quality/create_quality_quarter_counts.sql")
    rows = pd.DataFrame(
        [
            {
                "run_id": o.run_id,
                "validated_at": o.validated_at,
                "suite": r.suite,
                "table_name": o.table,
                "expectation": r.expectation,
                "column_name": r.column,
                "success": r.success,
                "observed_value": r.observed_value,
                "severity": r.severity,
                "details": r.details,
                "description": r.description,
                "expectation_id": r.expectation_id,
            }
            for o in outcomes
            for r in o.results
        ],
        columns=list(DATA_QUALITY_COLUMNS),
    )
    passed = others_passed and all(o.passed for o in outcomes)
    counts = [
        o.facts.assign(run_id=o.run_id, validated_at=o.validated_at, passed=passed)
        for o in outcomes
        if o.suite == QUARTER_COUNTS_SUITE and o.facts is not None
    ]
    con_state.begin()
    try:
        if len(rows):
            con_state.register("quality_incoming_results", rows)
            run_sql(con_state, "operations/quality/insert_data_quality.sql")
        for frame in counts:
            con_state.register("quality_incoming_counts", frame)
            run_sql(con_state, "operations/quality/insert_quality_quarter_counts.sql")
        con_state.commit()
    except BaseException:
        con_state.rollback()
        raise
    finally:
        for name in ("quality_incoming_results", "quality_incoming_counts"):
            try:
                con_state.unregister(name)
            except duckdb.Error:
                pass
    return len(rows)
