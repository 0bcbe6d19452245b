"""Great Expectations suites as Dagster asset checks that guard publishing.

One check per suite in ``expectations/``, all evaluated in one step (GX starts once). A failed
error-level expectation makes its check fail with ERROR severity, and the checks are
blocking, so ``published_database`` and ``dashboards`` keep their last good version;
warning-level failures show as WARN and block nothing. Every run appends its results to
``data_quality`` (kept in the build database, so published with it) and rewrites GX's Data
Docs under ``$FAERS_DATA_DIR/data_docs/``.
"""

from collections.abc import Iterator

import dagster as dg

from ketamine_faers.quality import build_data_docs, record_results, validate_all
from pipelines.resources import WarehouseResource

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


def _specs(suites: dict[str, str]) -> list[dg.AssetCheckSpec]:
    return [
        dg.AssetCheckSpec(
            f"gx_{suite}",
            asset=asset,
            blocking=True,
            description=f"Great Expectations suite expectations/{suite}.json",
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


def _validate(
    context: dg.AssetCheckExecutionContext,
    warehouse: WarehouseResource,
    suites: dict[str, str],
) -> Iterator[dg.AssetCheckResult]:
    with warehouse.build_connection() as con:
        outcomes = validate_all(con, context.run.run_id, suites=list(suites))
        rows = record_results(con, outcomes)
    build_data_docs(outcomes, warehouse.settings.data_docs_dir)
    context.log.info(f"{rows} expectation results recorded in data_quality")
    for outcome in outcomes:
        errors, warnings = outcome.failures("error"), outcome.failures("warning")
        yield dg.AssetCheckResult(
            check_name=f"gx_{outcome.suite}",
            asset_key=suites[outcome.suite],
            passed=not errors and not warnings,
            severity=dg.AssetCheckSeverity.ERROR if errors else dg.AssetCheckSeverity.WARN,
            description=outcome.summary(),
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
            },
        )
