"""GX's verdicts as :class:`~ketamine_faers.quality.outcomes.ExpectationResult`: the text of
what GX observed, the JSON details and the project's severity of each expectation.

A missing verdict is never a pass: an expectation GX returned nothing for, or that could not
be run because the batch could not be built, fails with the reason. The values are rendered
as the ``data_quality`` columns (text) and capped, so one bad column cannot bloat the table.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ketamine_faers.quality.gx_context import run_identifier
from ketamine_faers.quality.outcomes import SEVERITY_OF_GX, ExpectationResult

if TYPE_CHECKING:
    from great_expectations.core import (
        ExpectationSuite,
        ExpectationSuiteValidationResult,
        ExpectationValidationResult,
    )
    from great_expectations.expectations.expectation import Expectation

#: Unexpected values GX returns, and ``observed_value`` quotes, per failed expectation.
SAMPLE_VALUES = 5
_DETAILS_MAX_CHARS = 4000


def expectation_result(
    suite: str, expectation: Expectation, gx_result: ExpectationValidationResult | None
) -> ExpectationResult:
    """The verdict of ``gx_result`` on ``expectation`` (None: GX returned none for it)."""
    kwargs = _config_kwargs(expectation)
    if gx_result is None:  # GX returned no result for it: never silently a pass
        return unavailable_result(suite, expectation, "GX returned no result")
    result = dict(gx_result.result or {})
    exception = _exception_message(gx_result.exception_info)
    details: dict[str, Any] = {"kwargs": kwargs, "result": result}
    if exception:
        details["exception"] = exception
    return ExpectationResult(
        suite=suite,
        expectation=expectation.expectation_type,
        column=_column_of(kwargs),
        success=bool(gx_result.success),
        observed_value=_observed(result, exception),
        severity=severity_of(expectation),
        details=_json(details),
        description=notes_of(expectation),
        expectation_id=expectation.id,
    )


def unavailable_result(suite: str, expectation: Expectation, reason: str) -> ExpectationResult:
    """A failure of ``expectation`` because it could not be validated, saying why."""
    kwargs = _config_kwargs(expectation)
    return ExpectationResult(
        suite=suite,
        expectation=expectation.expectation_type,
        column=_column_of(kwargs),
        success=False,
        observed_value=f"not validated: {reason}",
        severity=severity_of(expectation),
        details=_json({"kwargs": kwargs, "exception": reason}),
        description=notes_of(expectation),
        expectation_id=expectation.id,
    )


def unavailable_gx_result(
    suite: ExpectationSuite, reason: str, run_id: str, validated_at: datetime
) -> ExpectationSuiteValidationResult:
    """A GX validation result for a batch that could not be built: every expectation failed
    with the reason, so Data Docs shows the failure like any other."""
    from great_expectations.core import (
        ExpectationSuiteValidationResult,
        ExpectationValidationResult,
    )

    info = {"raised_exception": True, "exception_message": reason, "exception_traceback": reason}
    results = [
        ExpectationValidationResult(
            success=False, expectation_config=e.configuration, result={}, exception_info=info
        )
        for e in suite.expectations
    ]
    return ExpectationSuiteValidationResult(
        success=False,
        results=results,
        suite_name=suite.name,
        statistics={
            "evaluated_expectations": len(results),
            "successful_expectations": 0,
            "unsuccessful_expectations": len(results),
            "success_percent": 0.0,
        },
        meta={"run_id": run_identifier(run_id, validated_at), "batch_not_built": reason},
    )


def severity_of(expectation: Expectation) -> str:
    """The project's severity (error or warning) of an expectation's GX severity."""
    value = getattr(expectation.severity, "value", expectation.severity)
    return SEVERITY_OF_GX[value]


def notes_of(expectation: Expectation) -> str | None:
    """The expectation's notes (why it is there) as one text."""
    notes = expectation.notes
    return " ".join(notes) if isinstance(notes, list) else notes


def as_text(value: Any) -> str:
    """A value GX observed as ``data_quality`` shows it: dates without a midnight time,
    pairs and compound keys in parentheses, NaN and None as ``null``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "null"
    if isinstance(value, (list, tuple)):  # a column pair: quote its strings
        return "(" + ", ".join(_quoted(v) for v in value) + ")"
    if isinstance(value, dict):  # a compound key
        return "(" + ", ".join(f"{k}={_quoted(v)}" for k, v in value.items()) + ")"
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    elif isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, datetime):  # pd.Timestamp too
        midnight = (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0)
        return value.date().isoformat() if midnight else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _column_of(kwargs: dict[str, Any]) -> str | None:
    if "column" in kwargs:
        column: str = kwargs["column"]
        return column
    if "column_A" in kwargs:
        return f"{kwargs['column_A']},{kwargs['column_B']}"
    if "column_list" in kwargs:
        return ",".join(kwargs["column_list"])
    return None


def _config_kwargs(expectation: Expectation) -> dict[str, Any]:
    return {
        k: v
        for k, v in expectation.configuration.kwargs.items()
        if k not in ("batch_id", "result_format")
    }


def _exception_message(info: dict[str, Any] | None) -> str | None:
    """GX reports an exception either flat or keyed by the metric that raised it."""
    if not info:
        return None
    if "raised_exception" in info:
        message: str | None = info.get("exception_message")
        return message if info.get("raised_exception") else None
    messages = [
        v.get("exception_message")
        for v in info.values()
        if isinstance(v, dict) and v.get("raised_exception")
    ]
    return "; ".join(sorted({m for m in messages if m})) or None


def _observed(result: dict[str, Any], exception: str | None) -> str:
    if exception:
        return f"error: {exception}"
    if "observed_value" in result:
        return as_text(result["observed_value"])
    if "unexpected_count" in result:
        count, total = result["unexpected_count"], result.get("element_count")
        text = f"{count} of {total} rows unexpected"
        if count:
            sample = result.get("partial_unexpected_list") or []
            text += " (e.g. " + ", ".join(as_text(v) for v in sample[:SAMPLE_VALUES]) + ")"
        return text
    return as_text(result) if result else "no observation"


def _quoted(value: Any) -> str:
    return repr(value) if isinstance(value, str) else as_text(value)


def _json(value: Any) -> str:
    text = json.dumps(value, default=as_text, sort_keys=True)
    if len(text) > _DETAILS_MAX_CHARS:
        text = text[: _DETAILS_MAX_CHARS - 3] + "..."
    return text
