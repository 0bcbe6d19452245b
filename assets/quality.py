"""Great Expectations suites as Dagster asset checks that guard publishing.

One check per suite in ``expectations/``, all evaluated in one step (GX starts once). A failed
error-level expectation makes its check fail with ERROR severity, and the checks are
blocking, so ``published_database`` and ``dashboards`` keep their last good version;
warning-level failures show as WARN and block nothing. Every validation appends its results
to ``data_quality`` (kept in the build database, so published with it) and rewrites GX's Data
Docs under ``$FAERS_DATA_DIR/data_docs/``.

Incremental: a suite is not validated again when the data it reads, the suite file, its batch
SQL and the validation code are exactly those of its last validation, and no expectation that
failed then takes a date parameter (``today``, ``quarters``: those only widen with time, so a
pass stays a pass). The check then reports the stored results again, says so
(``revalidated: False``, ``reused_from_run``), and adds nothing to ``data_quality``.
"""

from collections.abc import Iterator

import dagster as dg

from assets.resources import WarehouseResource
from ketamine_faers.quality import (
    ValidationOutcome,
    build_data_docs,
    plan_validations,
    record_results,
    remember_validations,
    validate_all,
)

# suite -> the asset whose table it validates, in three stages, each checked before anything
# is built on it: the raw landing, the clean tables, the effect tables.
RAW_SUITES = {"raw_records": "raw_reports"}
CLEAN_SUITES = {
    "quarter_counts": "quarantine",
    "reports": "reports",
    "drugs": "drugs",
    "reactions": "reactions",
    "quarantine": "quarantine",
}
EFFECT_SUITES = {"effect_reports": "effect_reports", "signals": "signals"}
# the files source's tables (assets/faers_files.py), checked before they are published
FILES_SUITES = {
    "faers_files_cases": "faers_files/cases",
    "faers_files_quarters": "faers_files/quarters",
    "source_reconciliation": "source_reconciliation",
}


def _specs(suites: dict[str, str]) -> list[dg.AssetCheckSpec]:
    return [
        dg.AssetCheckSpec(
            f"gx_{suite}",
            asset=dg.AssetKey.from_user_string(asset),
            blocking=True,
            description=(
                f"Great Expectations suite expectations/{suite}.json. Its stored results are "
                "reused, not recomputed, when the validated data, the suite, its batch SQL "
                "and the validation code are unchanged and no failure can change with the date."
            ),
        )
        for suite, asset in suites.items()
    ]


@dg.multi_asset_check(specs=_specs(RAW_SUITES))
def raw_landing_expectations(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
    yield from _validate(context, warehouse, RAW_SUITES)


@dg.multi_asset_check(specs=_specs(CLEAN_SUITES))
def clean_table_expectations(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
    yield from _validate(context, warehouse, CLEAN_SUITES)


@dg.multi_asset_check(specs=_specs(EFFECT_SUITES))
def effect_table_expectations(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
    yield from _validate(context, warehouse, EFFECT_SUITES)


@dg.multi_asset_check(specs=_specs(FILES_SUITES))
def files_table_expectations(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
    yield from _validate(context, warehouse, FILES_SUITES)


def _validate(
    context: dg.AssetCheckExecutionContext,
    warehouse: WarehouseResource,
    suites: dict[str, str],
) -> Iterator[dg.AssetCheckResult]:
    docs_dir = warehouse.settings.data_docs_dir
    with warehouse.build_connection() as con:
        plans = plan_validations(con, list(suites), docs_dir)
        reused = [plan.reused for plan in plans if plan.reused is not None]
        to_run = [plan.suite for plan in plans if plan.reused is None]
        outcomes = validate_all(con, context.run.run_id, suites=to_run) if to_run else []
        rows = record_results(con, outcomes, others_passed=all(o.passed for o in reused))
        if outcomes:
            build_data_docs(outcomes, docs_dir)
        remember_validations(con, plans, outcomes, context.run.run_id)
    reasons = {plan.suite: plan.reason for plan in plans}
    context.log.info(
        f"{rows} expectation results recorded in data_quality; "
        f"validated: {', '.join(to_run) or 'none'}; "
        f"reused: {', '.join(o.suite for o in reused) or 'none'}"
    )
    for outcome in outcomes:
        yield _check_result(outcome, suites[outcome.suite])
    for outcome in reused:
        yield _check_result(outcome, suites[outcome.suite], reused_because=reasons[outcome.suite])


def _check_result(
    outcome: ValidationOutcome, asset_key: str, *, reused_because: str | None = None
) -> dg.AssetCheckResult:
    """The check of one suite; ``reused_because`` says why stored results were reported."""
    reused = reused_because is not None
    errors, warnings = outcome.failures("error"), outcome.failures("warning")
    description = outcome.summary()
    if reused:
        description = f"reused from run {outcome.run_id} ({reused_because}): {description}"
    return dg.AssetCheckResult(
        check_name=f"gx_{outcome.suite}",
        asset_key=dg.AssetKey.from_user_string(asset_key),
        passed=not errors and not warnings,
        severity=dg.AssetCheckSeverity.ERROR if errors else dg.AssetCheckSeverity.WARN,
        description=description,
        metadata={
            "expectations": len(outcome.results),
            "error_failures": len(errors),
            "warning_failures": len(warnings),
            "failed": dg.MetadataValue.md(
                "\n".join(
                    f"- **{r.severity}** `{r.expectation}` {r.column or ''}: {r.observed_value}"
                    for r in [*errors, *warnings]
                )
                or "none"
            ),
            "rows": outcome.rows if outcome.rows is not None else -1,
            "seconds": round(outcome.seconds, 2),
            "revalidated": not reused,
            "reused_from_run": outcome.run_id if reused else "",
            "validated_at": outcome.validated_at.isoformat(timespec="seconds"),
        },
    )
