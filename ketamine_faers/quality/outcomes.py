"""What a validation produces: one verdict per expectation, one outcome per suite and run.

Every module of the package hands these around, and :mod:`~ketamine_faers.quality.reuse`
rebuilds them from ``data_quality`` rows, so they hold plain values; the GX result rides
along only for Data Docs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from great_expectations.core import ExpectationSuiteValidationResult

ERROR = "error"
WARNING = "warning"
# GX FailureSeverity value -> the severity of the project's contract (and of Dagster checks).
SEVERITY_OF_GX = {"critical": ERROR, "warning": WARNING}

#: The suite whose batch (the record counts per quarter) is also kept as history.
QUARTER_COUNTS_SUITE = "quarter_counts"


@dataclass(frozen=True)
class ExpectationResult:
    """The verdict of one expectation on one batch: one ``data_quality`` row."""

    suite: str
    expectation: str  # GX expectation type, e.g. expect_column_values_to_be_unique
    column: str | None  # the column, "a,b" for pairs and compound keys, None for the table
    success: bool
    observed_value: str | None
    severity: str  # "error" or "warning"
    details: str | None  # JSON: kwargs, the GX result (partial lists) and any exception
    description: str | None = None
    expectation_id: str | None = None


@dataclass(frozen=True)
class ValidationOutcome:
    """One suite validated against one table in one run."""

    suite: str
    table: str
    run_id: str
    validated_at: datetime  # UTC, naive
    rows: int | None  # rows in the batch; None when it could not be built
    seconds: float
    results: tuple[ExpectationResult, ...]
    error: str | None = None  # why the batch could not be built (missing table, bad query)
    facts: pd.DataFrame | None = field(default=None, repr=False, compare=False)
    gx_result: ExpectationSuiteValidationResult | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def success_by_severity(self) -> dict[str, bool]:
        """``{"error": ..., "warning": ...}``: True when no expectation of that severity
        failed."""
        return {
            severity: all(r.success for r in self.results if r.severity == severity)
            for severity in (ERROR, WARNING)
        }

    @property
    def passed(self) -> bool:
        """No error-level expectation failed: the table may be published."""
        return self.success_by_severity[ERROR]

    def failures(self, severity: str | None = None) -> list[ExpectationResult]:
        """The failed expectations, of one severity or (None) of both."""
        return [r for r in self.results if not r.success and severity in (None, r.severity)]

    def summary(self) -> str:
        """One line for logs and check descriptions."""
        errors, warnings = len(self.failures(ERROR)), len(self.failures(WARNING))
        state = "passed" if self.passed else "FAILED"
        return (
            f"{self.suite} on {self.table}: {state}, {len(self.results)} expectations, "
            f"{errors} error and {warnings} warning failures, {self.rows} rows, "
            f"{self.seconds:.2f}s" + (f" ({self.error})" if self.error else "")
        )
