"""Data validation with Great Expectations: the suites of ``expectations/``, run on DuckDB data.

DuckDB is the calculator, GX the judge. Each suite names, in its ``meta``, the table it
validates, the tables its batch reads and the ``sql/operations/quality/`` query that builds
its batch:
the table's own columns (only those the suite needs) plus facts DuckDB computes across tables,
such as ``has_report`` (the row's report exists) or a quarter's raw, cleaned and quarantined
record counts. The batch is pulled into pandas and validated there by GX's standard
expectations (GX's SQL path through duckdb-engine fails against duckdb 2.0). GX runs in an
ephemeral context: nothing is written to the repository.

Severity is GX's own ``severity`` field of each expectation: ``critical`` or ``warning``. It is
reported here, in ``data_quality`` and to Dagster, as ``error`` or ``warning``: an error-level
failure must block publishing, a warning must only show.

Guarantees:

* A table that does not exist, or a batch query that fails, is an outcome in which every
  expectation of the suite failed with the reason, never an exception.
* :func:`record_results` writes one ``data_quality`` row per expectation per suite validated.
* Suites are checked when loaded: every expectation states its severity, and an expectation GX
  cannot parse is an error (GX itself would only log it and drop it).
"""

from __future__ import annotations

import copy
import dataclasses
import fcntl
import html
import json
import logging
import math
import shutil
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from ketamine_faers import build_state
from ketamine_faers.catalog import relation_exists
from ketamine_faers.paths import EXPECTATIONS_DIR
from ketamine_faers.quarters import all_quarters
from ketamine_faers.sql_files import read_sql, run_sql

ERROR = "error"
WARNING = "warning"
# GX FailureSeverity value -> the severity of the project's contract (and of Dagster checks).
SEVERITY_OF_GX = {"critical": ERROR, "warning": WARNING}

DATA_DOCS_SITE = "ketamine_faers"
QUARTER_COUNTS_SUITE = "quarter_counts"

_DETAILS_MAX_CHARS = 4000
_SAMPLE_VALUES = 5
_ID_NAMESPACE = uuid.UUID("0b7c1f0e-5f55-4a8e-9d43-6f1c3c7e2a10")

log = logging.getLogger(__name__)


class SuiteError(ValueError):
    """A suite file in ``expectations/`` is missing or malformed."""


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
    gx_result: Any = field(default=None, repr=False, compare=False)

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


# --- suites -----------------------------------------------------------------------------------


def suite_names() -> list[str]:
    """Every suite in ``expectations/``, by name (the file's stem), sorted."""
    return sorted(path.stem for path in EXPECTATIONS_DIR.glob("*.json"))


def load_suite(name: str):
    """The GX ``ExpectationSuite`` of ``expectations/<name>.json``, checked.

    Each expectation gets a stable id derived from its type and kwargs, so results can be
    matched to the suite's own order and a row of ``data_quality`` to its expectation.
    """
    import great_expectations as gx

    raw = copy.deepcopy(_suite_json(name))
    expectations = []
    for index, item in enumerate(raw.get("expectations", [])):
        where = f"expectations/{name}.json, expectation {index + 1} ({item.get('type')})"
        if item.get("severity") not in SEVERITY_OF_GX:
            raise SuiteError(
                f"{where}: severity must be 'critical' (recorded as error) or 'warning', "
                f"got {item.get('severity')!r}"
            )
        expectations.append({**item, "id": _expectation_id(name, item)})
    suite = gx.ExpectationSuite(
        name=raw["name"],
        expectations=expectations,
        meta=raw.get("meta"),
        notes=raw.get("notes"),
    )
    if len(suite.expectations) != len(expectations):
        raise SuiteError(
            f"expectations/{name}.json: GX rejected {len(expectations) - len(suite.expectations)}"
            " expectation(s); see the log for which and why"
        )
    ids = [e.id for e in suite.expectations]
    if len(set(ids)) != len(ids):
        raise SuiteError(f"expectations/{name}.json: the same expectation is listed twice")
    return suite


def _expectation_id(name: str, item: dict) -> str:
    """A stable id from the suite, type and kwargs of an expectation (as in its file)."""
    identity = json.dumps([name, item.get("type"), item.get("kwargs")], sort_keys=True)
    return str(uuid.uuid5(_ID_NAMESPACE, identity))


@cache
def _suite_json(name: str) -> dict:
    path = EXPECTATIONS_DIR / f"{name}.json"
    if not path.is_file():
        raise SuiteError(f"no suite {name!r}: {path} does not exist (suites: {suite_names()})")
    raw = json.loads(path.read_text(encoding="utf-8"))
    if raw.get("name") != name:
        raise SuiteError(f"{path}: name is {raw.get('name')!r}, expected {name!r}")
    meta = raw.get("meta") or {}
    for key in ("table", "batch_query", "reads"):
        if not meta.get(key):
            raise SuiteError(f"{path}: meta.{key} is required (what the suite validates)")
    return raw


def suite_table(name: str) -> str:
    """The table a suite validates, e.g. ``main.reports``."""
    return _suite_json(name)["meta"]["table"]


# --- validation -------------------------------------------------------------------------------


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
    context = _context()
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
    context: Any = None,
) -> ValidationOutcome:
    """Validate one table with its suite. ``table_name`` is the suite's name (the file stem in
    ``expectations/``: ``reports``, ``raw_records``, ``quarter_counts``...)."""
    import great_expectations as gx  # imported when validating: it takes seconds
    from great_expectations.core.run_identifier import RunIdentifier

    started = time.perf_counter()
    validated_at = datetime.now(UTC).replace(tzinfo=None)
    suite = load_suite(table_name)
    meta = suite.meta
    try:
        frame = _batch_frame(con, table_name, meta, history if history is not None else con)
    except _BatchUnavailable as problem:
        results = tuple(
            _unavailable_result(table_name, e, str(problem)) for e in suite.expectations
        )
        return ValidationOutcome(
            suite=table_name,
            table=meta["table"],
            run_id=run_id,
            validated_at=validated_at,
            rows=None,
            seconds=round(time.perf_counter() - started, 3),
            results=results,
            error=str(problem),
            gx_result=_unavailable_gx_result(suite, str(problem), run_id, validated_at),
        )

    context = context or _context()
    # GX gives the expectations new random ids when the suite is added to a context (in
    # place): keep ours, so data_quality.expectation_id follows an expectation across runs.
    stable_ids = [e.id for e in suite.expectations]
    # A ValidationDefinition builds the batch once (Batch.validate builds it twice, and GX
    # fingerprints the whole frame each time: seconds at a million rows).
    definition = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(
            name=table_name,
            data=_batch_definition(context, table_name),
            suite=context.suites.add_or_update(suite),
        )
    )
    gx_result = definition.run(
        batch_parameters={"dataframe": frame},
        expectation_parameters=_parameters(today),
        result_format={"result_format": "SUMMARY", "partial_unexpected_count": _SAMPLE_VALUES},
        run_id=RunIdentifier(run_name=run_id, run_time=_aware(validated_at)),
    )
    by_id = {r.expectation_config.id: r for r in gx_result.results}
    results = tuple(
        dataclasses.replace(_result(table_name, e, by_id.get(e.id)), expectation_id=stable)
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


class _BatchUnavailable(Exception):
    pass


def _batch_frame(
    con: duckdb.DuckDBPyConnection,
    name: str,
    meta: dict,
    history: duckdb.DuckDBPyConnection,
) -> pd.DataFrame:
    missing = [table for table in meta["reads"] if not relation_exists(con, table)]
    if missing:
        raise _BatchUnavailable(f"table missing: {', '.join(missing)}")
    if name == QUARTER_COUNTS_SUITE:
        _load_previous_counts(con, history)
    try:
        frame = con.execute(read_sql(meta["batch_query"])).df()
    except duckdb.Error as problem:
        raise _BatchUnavailable(
            f"batch query sql/{meta['batch_query']} failed: {problem}".splitlines()[0]
        ) from problem
    return _gx_friendly(frame)


def _gx_friendly(frame: pd.DataFrame) -> pd.DataFrame:
    """Column types GX's pandas expectations compare correctly.

    DuckDB hands nullable columns over as pandas extension types (Int64, boolean), whose
    ``pd.NA`` GX's pair and map expectations cannot compare; dates as datetime64[us], which
    GX only compares vectorised (and with string bounds) at nanosecond unit; and text as
    pandas 3's ``str``, whose null test costs GX seconds per million rows where ``object``
    costs milliseconds. GX compares numbers vectorised only for int64 and float64 (an
    INTEGER column, int32, would be compared row by row in Python).
    """
    out = {}
    for name in frame.columns:
        column = frame[name]
        dtype = column.dtype
        if pd.api.types.is_datetime64_any_dtype(dtype):
            out[name] = _as_nanoseconds(column)
        elif isinstance(dtype, pd.StringDtype):  # GX's null checks are 10x faster on object
            out[name] = column.astype(object)
        elif isinstance(dtype, pd.BooleanDtype):
            out[name] = column.astype(object).where(column.notna(), None)
        elif pd.api.types.is_extension_array_dtype(dtype) and pd.api.types.is_numeric_dtype(dtype):
            kind = "float64" if column.isna().any() or dtype.kind == "f" else "int64"
            out[name] = column.astype(kind)
        elif dtype.kind in "iu" and dtype != np.int64:  # GX vectorises int64 and float64 only
            out[name] = column.astype("int64")
        elif dtype.kind == "f" and dtype != np.float64:
            out[name] = column.astype("float64")
        else:
            out[name] = column
    return pd.DataFrame(out, index=frame.index)


def _as_nanoseconds(column: pd.Series) -> pd.Series:
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        column = column.dt.tz_convert("UTC").dt.tz_localize(None)
    try:
        return column.astype("datetime64[ns]")
    except (OverflowError, ValueError):  # beyond 1677..2262: let the expectation judge it
        return column.astype(object)


def _parameters(today: date | None) -> dict[str, Any]:
    """The suites' ``$PARAMETER`` values: ``today`` (the latest valid date) and ``quarters``
    (every partition, 2004Q1 to today's quarter)."""
    day = today or date.today()
    return {
        "today": datetime(day.year, day.month, day.day).isoformat(),
        "quarters": all_quarters(day),
    }


def _context():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def _batch_definition(context: Any, name: str):
    try:
        source = context.data_sources.get("ketamine_faers")
    except (KeyError, ValueError):
        source = context.data_sources.add_pandas("ketamine_faers")
    try:
        asset = source.get_asset(name)
    except LookupError:
        asset = source.add_dataframe_asset(name)
    try:
        return asset.get_batch_definition("whole table")
    except KeyError:
        return asset.add_batch_definition_whole_dataframe("whole table")


def _column_of(kwargs: dict) -> str | None:
    if "column" in kwargs:
        return kwargs["column"]
    if "column_A" in kwargs:
        return f"{kwargs['column_A']},{kwargs['column_B']}"
    if "column_list" in kwargs:
        return ",".join(kwargs["column_list"])
    return None


def _severity(expectation: Any) -> str:
    value = getattr(expectation.severity, "value", expectation.severity)
    return SEVERITY_OF_GX[value]


def _config_kwargs(expectation: Any) -> dict:
    return {
        k: v
        for k, v in expectation.configuration.kwargs.items()
        if k not in ("batch_id", "result_format")
    }


def _result(suite: str, expectation: Any, gx_result: Any) -> ExpectationResult:
    kwargs = _config_kwargs(expectation)
    if gx_result is None:  # GX returned no result for it: never silently a pass
        return _unavailable_result(suite, expectation, "GX returned no result")
    result = dict(gx_result.result or {})
    exception = _exception_message(gx_result.exception_info)
    details = {"kwargs": kwargs, "result": result}
    if exception:
        details["exception"] = exception
    return ExpectationResult(
        suite=suite,
        expectation=expectation.expectation_type,
        column=_column_of(kwargs),
        success=bool(gx_result.success),
        observed_value=_observed(result, exception),
        severity=_severity(expectation),
        details=_json(details),
        description=_notes(expectation),
        expectation_id=expectation.id,
    )


def _unavailable_result(suite: str, expectation: Any, reason: str) -> ExpectationResult:
    kwargs = _config_kwargs(expectation)
    return ExpectationResult(
        suite=suite,
        expectation=expectation.expectation_type,
        column=_column_of(kwargs),
        success=False,
        observed_value=f"not validated: {reason}",
        severity=_severity(expectation),
        details=_json({"kwargs": kwargs, "exception": reason}),
        description=_notes(expectation),
        expectation_id=expectation.id,
    )


def _notes(expectation: Any) -> str | None:
    notes = expectation.notes
    return " ".join(notes) if isinstance(notes, list) else notes


def _exception_message(info: Any) -> str | None:
    """GX reports an exception either flat or keyed by the metric that raised it."""
    if not info:
        return None
    if "raised_exception" in info:
        return info.get("exception_message") if info.get("raised_exception") else None
    messages = [
        v.get("exception_message")
        for v in info.values()
        if isinstance(v, dict) and v.get("raised_exception")
    ]
    return "; ".join(sorted({m for m in messages if m})) or None


def _observed(result: dict, exception: str | None) -> str:
    if exception:
        return f"error: {exception}"
    if "observed_value" in result:
        return _text(result["observed_value"])
    if "unexpected_count" in result:
        count, total = result["unexpected_count"], result.get("element_count")
        text = f"{count} of {total} rows unexpected"
        if count:
            sample = result.get("partial_unexpected_list") or []
            text += " (e.g. " + ", ".join(_text(v) for v in sample[:_SAMPLE_VALUES]) + ")"
        return text
    return _text(result) if result else "no observation"


def _text(value: Any) -> str:
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


def _quoted(value: Any) -> str:
    return repr(value) if isinstance(value, str) else _text(value)


def _json(value: Any) -> str:
    text = json.dumps(value, default=_text, sort_keys=True)
    if len(text) > _DETAILS_MAX_CHARS:
        text = text[: _DETAILS_MAX_CHARS - 3] + "..."
    return text


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


def _unavailable_gx_result(suite: Any, reason: str, run_id: str, validated_at: datetime):
    """A GX validation result for a batch that could not be built: every expectation failed
    with the reason, so Data Docs shows the failure like any other."""
    from great_expectations.core import (
        ExpectationSuiteValidationResult,
        ExpectationValidationResult,
    )
    from great_expectations.core.run_identifier import RunIdentifier

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
        meta={
            "run_id": RunIdentifier(run_name=run_id, run_time=_aware(validated_at)),
            "batch_not_built": reason,
        },
    )


# --- history: previous counts, data_quality ---------------------------------------------------


def previous_quarter_counts(history: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Report counts per quarter of the last build that passed validation (no error-level
    failure); empty when there is none yet."""
    if not relation_exists(history, "quality_quarter_counts"):
        return pd.DataFrame(
            {"quarter": pd.Series([], dtype=object), "clean_reports": pd.Series([], dtype="int64")}
        )
    return history.execute(read_sql("operations/quality/select_previous_quarter_counts.sql")).df()


def _load_previous_counts(
    con: duckdb.DuckDBPyConnection, history: duckdb.DuckDBPyConnection
) -> None:
    previous = previous_quarter_counts(history)
    run_sql(con, "operations/quality/create_previous_counts.sql")
    if len(previous):
        con.register("quality_previous_counts_frame", previous)
        try:
            run_sql(con, "operations/quality/insert_previous_counts.sql")
        finally:
            con.unregister("quality_previous_counts_frame")


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


# --- reusing the results of identical data ---------------------------------------------------

#: ``$PARAMETER`` uses that only get easier to meet as time passes: the upper bound of a date
#: (``today``) and the set of valid quarters both grow. An expectation using one that passed
#: still passes on the same data later; one that failed might not fail any more.
WIDENING_PARAMETERS = frozenset({("max_value", "today"), ("value_set", "quarters")})


def parameterised_expectations(name: str) -> frozenset[str] | None:
    """Ids of the suite's expectations that take a ``$PARAMETER``, or None when one takes a
    parameter outside :data:`WIDENING_PARAMETERS` (its verdict could turn with the date, so
    the suite's results are never reused)."""
    ids = set()
    for item in _suite_json(name).get("expectations", []):
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
        ids.add(_expectation_id(name, item))
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
        reused, reason = None, "no earlier validation of this data with this suite"
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
    reads = sorted(_suite_json(suite)["meta"]["reads"])
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
    expected = _expectation_ids(suite)
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


def _expectation_ids(name: str) -> set[str]:
    """The ids :func:`load_suite` gives the suite's expectations, without loading GX."""
    return {_expectation_id(name, item) for item in _suite_json(name).get("expectations", [])}


# --- Data Docs --------------------------------------------------------------------------------


def build_data_docs(outcomes: Sequence[ValidationOutcome], target_dir: Path) -> Path:
    """Write GX's Data Docs site under ``target_dir``; returns its ``index.html``.

    The site shows the latest validation of every suite: ``outcomes`` replace the earlier
    results of their suites, kept as GX's JSON in ``target_dir/results/<suite>.json``, so a
    run that validates only some suites (or calls this once per suite) still leaves a
    complete site. The suite pages show each expectation's severity and why it is there; the
    index starts with a plain HTML table of the suites (GX's own index needs CDN scripts).
    The history of every run is in ``data_quality``.
    """
    target_dir = Path(target_dir)
    results_dir = target_dir / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    # Asset checks may run in parallel processes: one site build at a time.
    with open(target_dir / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _build_data_docs_locked(outcomes, target_dir, results_dir)


def _build_data_docs_locked(
    outcomes: Sequence[ValidationOutcome], target_dir: Path, results_dir: Path
) -> Path:
    from great_expectations.core.expectation_validation_result import (
        ExpectationSuiteValidationResultSchema,
    )
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    for outcome in outcomes:
        if outcome.gx_result is None:
            continue
        record = {
            "suite": outcome.suite,
            "table": outcome.table,
            "run_id": outcome.run_id,
            "validated_at": outcome.validated_at.isoformat(),
            "result": outcome.gx_result.to_json_dict(),
        }
        incoming = results_dir / f"{outcome.suite}.json.tmp"
        incoming.write_text(json.dumps(record, default=_text), encoding="utf-8")
        incoming.replace(results_dir / f"{outcome.suite}.json")

    context = _docs_context(target_dir)
    current = set(suite_names())
    schema = ExpectationSuiteValidationResultSchema()
    summary: list[dict] = []
    for path in sorted(results_dir.glob("*.json")):
        if path.stem not in current:
            continue
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            result = schema.load(record["result"])
        except (ValueError, KeyError) as problem:
            log.warning("Data Docs: skipping unreadable result %s (%s)", path, problem)
            continue
        suite = load_suite(path.stem)
        for expectation in suite.expectations:  # the suite page shows notes, not severity
            expectation.notes = f"**Severity: {_severity(expectation)}.** {_notes(expectation)}"
        context.suites.add(suite)
        validated_at = datetime.fromisoformat(record["validated_at"])
        key = ValidationResultIdentifier(
            expectation_suite_identifier=ExpectationSuiteIdentifier(name=path.stem),
            run_id=RunIdentifier(run_name=record["run_id"], run_time=_aware(validated_at)),
            batch_identifier=record["table"],
        )
        context.validation_results_store.set(key, result)
        failed = [
            SEVERITY_OF_GX[getattr(r.expectation_config.severity, "value", "critical")]
            for r in result.results
            if not r.success and r.expectation_config is not None
        ]
        summary.append(
            {
                "suite": path.stem,
                "table": record["table"],
                "run_id": record["run_id"],
                "validated_at": validated_at,
                "expectations": len(result.results),
                ERROR: failed.count(ERROR),
                WARNING: failed.count(WARNING),
            }
        )

    # Pages of replaced results would linger as empty folders: the site is rebuilt whole.
    shutil.rmtree(target_dir / "validations", ignore_errors=True)
    shutil.rmtree(target_dir / "expectations", ignore_errors=True)
    context.build_data_docs(site_names=[DATA_DOCS_SITE])
    index = target_dir / "index.html"
    if not index.is_file():
        raise RuntimeError(f"GX built Data Docs but {index} is missing")
    _add_static_summary(index, summary)
    return index


def _add_static_summary(index: Path, summary: list[dict]) -> None:
    """Put a plain HTML table of the suites at the top of GX's index page.

    GX fills its own index table with JavaScript loaded from CDNs, so offline (where this
    pipeline runs) the index would list nothing; the validation and suite pages themselves
    are plain HTML and work offline. The table links to them and says, per suite, how many
    error- and warning-level expectations failed.
    """
    site = index.parent
    rows = []
    for item in summary:
        pages = sorted((site / "validations" / item["suite"]).rglob("*.html"))
        page = pages[-1].relative_to(site).as_posix() if pages else None
        state = (
            "FAILED (blocks publishing)"
            if item[ERROR]
            else ("passed with warnings" if item[WARNING] else "passed")
        )
        suite_link = f"expectations/{html.escape(item['suite'])}.html"
        result_link = (
            f'<a href="{html.escape(page)}">{html.escape(state)}</a>'
            if page
            else html.escape(state)
        )
        rows.append(
            "<tr>"
            f'<td><a href="{suite_link}">{html.escape(item["suite"])}</a></td>'
            f"<td>{html.escape(item['table'])}</td>"
            f"<td>{result_link}</td>"
            f"<td>{item[ERROR]}</td><td>{item[WARNING]}</td><td>{item['expectations']}</td>"
            f"<td>{html.escape(item['run_id'])}</td>"
            f"<td>{item['validated_at']:%Y-%m-%d %H:%M:%S} UTC</td>"
            "</tr>"
        )
    section = (
        '<section id="ketamine-faers-quality" style="margin:1em;font-family:sans-serif">'
        "<h2>ketamine-faers data quality: latest validation of each suite</h2>"
        '<table border="1" cellpadding="4" style="border-collapse:collapse">'
        "<tr><th>suite</th><th>table</th><th>result</th><th>error failures</th>"
        "<th>warning failures</th><th>expectations</th><th>run</th><th>validated</th></tr>"
        + "".join(rows)
        + "</table><p>Error-level failures block publishing; warnings only show. Every run's"
        " results are kept in the data_quality table of the published database.</p></section>"
    )
    text = index.read_text(encoding="utf-8")
    marker = "<body>"
    position = text.find(marker)
    if position < 0:
        raise RuntimeError(f"{index} has no <body>: cannot add the summary")
    position += len(marker)
    index.write_text(text[:position] + section + text[position:], encoding="utf-8")


def _docs_context(target_dir: Path):
    context = _context()
    context.add_data_docs_site(
        DATA_DOCS_SITE,
        {
            "class_name": "SiteBuilder",
            "show_how_to_buttons": False,
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(target_dir.resolve()),
            },
            "site_index_builder": {
                "class_name": "DefaultSiteIndexBuilder",
                "show_cta_footer": False,
            },
        },
    )
    return context
