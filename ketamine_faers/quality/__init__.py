"""Data validation with Great Expectations: the suites of ``expectations/``, run on DuckDB data.

DuckDB is the calculator, GX the judge. Each suite names, in its ``meta``, the table it
validates, the tables its batch reads and the ``sql/operations/quality/`` query that builds
its batch: the table's own columns (only those the suite needs) plus facts DuckDB computes
across tables, such as ``has_report`` (the row's report exists) or a quarter's raw, cleaned
and quarantined record counts. The batch is pulled into pandas and validated there by GX's
standard expectations. GX runs in an ephemeral context: nothing is written to the repository.

Severity is GX's own ``severity`` field of each expectation: ``critical`` or ``warning``. It is
reported here, in ``data_quality`` and to Dagster, as ``error`` or ``warning``: an error-level
failure must block publishing, a warning must only show.

Guarantees:

* A table that does not exist, or a batch query that fails, is an outcome in which every
  expectation of the suite failed with the reason, never an exception.
* :func:`record_results` writes one ``data_quality`` row per expectation per suite validated.
* Suites are checked when loaded: every expectation states its severity, and an expectation GX
  cannot parse is an error (GX itself would only log it and drop it).

The modules, in the order a validation goes through them:

* :mod:`.suites`: the suite files, read and checked;
* :mod:`.batches`: a suite's batch, built by its SQL;
* :mod:`.validation`: GX run on the batch (with :mod:`.gx_context` and :mod:`.gx_results`,
  which turns GX's verdicts into :mod:`.outcomes`);
* :mod:`.history`: the results and quarter counts appended to the state database;
* :mod:`.data_docs`: GX's Data Docs site;
* :mod:`.reuse`: reusing stored results when data, suite and code are unchanged.

Everything other code uses is importable from here.
"""

from __future__ import annotations

from ketamine_faers.paths import EXPECTATIONS_DIR
from ketamine_faers.quality.data_docs import DATA_DOCS_SITE, build_data_docs
from ketamine_faers.quality.history import (
    DATA_QUALITY_COLUMNS,
    previous_quarter_counts,
    record_results,
)
from ketamine_faers.quality.outcomes import (
    ERROR,
    QUARTER_COUNTS_SUITE,
    SEVERITY_OF_GX,
    WARNING,
    ExpectationResult,
    ValidationOutcome,
)
from ketamine_faers.quality.reuse import (
    WIDENING_PARAMETERS,
    ValidationPlan,
    parameterised_expectations,
    plan_validations,
    remember_validations,
)
from ketamine_faers.quality.suites import SuiteError, load_suite, suite_names, suite_table
from ketamine_faers.quality.validation import validate_all, validate_table

__all__ = [
    "DATA_DOCS_SITE",
    "DATA_QUALITY_COLUMNS",
    "ERROR",
    "EXPECTATIONS_DIR",
    "QUARTER_COUNTS_SUITE",
    "SEVERITY_OF_GX",
    "WARNING",
    "WIDENING_PARAMETERS",
    "ExpectationResult",
    "SuiteError",
    "ValidationOutcome",
    "ValidationPlan",
    "build_data_docs",
    "load_suite",
    "parameterised_expectations",
    "plan_validations",
    "previous_quarter_counts",
    "record_results",
    "remember_validations",
    "suite_names",
    "suite_table",
    "validate_all",
    "validate_table",
]
