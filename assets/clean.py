"""Clean tables: one row per case, drug entry and reaction, plus quarantine."""

from typing import Any

import dagster as dg

from assets.raw import raw_reports
from assets.resources import WarehouseResource
from ketamine_faers import build_state
from ketamine_faers.clean_model import CLEAN_TABLES, build_clean_tables, count_funnel

CLEAN_SPECS = [
    dg.AssetSpec(
        name,
        deps=[raw_reports],
        group_name="clean",
        kinds={"duckdb", "sql"},
        description=description,
    )
    for name, description in [
        ("reports", "One row per case (latest version), with normalised dates, ages and codes."),
        ("drugs", "One row per drug entry on a report, with its product, role and route."),
        ("reactions", "One row per reaction term on a report, in MedDRA case."),
        ("quarantine", "One row per raw record that could not be cleaned, with the reason."),
        ("source_fetches", "One row per fetched quarter: when, how many, and from where."),
    ]
]


@dg.multi_asset(specs=CLEAN_SPECS)
def clean_tables(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Rebuilds the clean tables from every landed quarter with the model files of
    ``clean_models()`` (sql/macros, staging, intermediate, core). A full rebuild in DuckDB keeps
    deduplication global across quarters. Skipped (``rebuilt: False``) when the raw landing
    and every file the stage reads are exactly those of the last complete build
    (ketamine_faers/build_state.py, ketamine_faers/stage_inputs.py)."""
    with warehouse.build_connection() as con:
        decision, funnel = build_state.build_if_changed(
            con,
            build_state.CLEAN,
            build_state.Fingerprints(con).clean,
            CLEAN_TABLES,
            lambda: build_clean_tables(con),
            lambda: count_funnel(con),
            context.run_id,
        )
    context.log.info(
        f"clean tables {'rebuilt' if decision.rebuild else 'kept'}: {decision.reason}; "
        f"{funnel.raw_records} raw records -> {funnel.reports} reports + "
        f"{funnel.quarantined} quarantined (reconciles: {funnel.reconciles})"
    )
    state: dict[str, Any] = {"rebuilt": decision.rebuild, "reason": decision.reason}
    version = dg.DataVersion(decision.fingerprint[:16])
    funnel_metadata: dict[str, Any] = {**funnel.as_metadata(), **state}
    funnel_metadata["quarantine_reasons"] = dg.MetadataValue.json(funnel.quarantine_reasons)

    def result(asset_key: str, **metadata: Any) -> dg.MaterializeResult:
        return dg.MaterializeResult(
            asset_key=asset_key, metadata={**metadata, **state}, data_version=version
        )

    yield result("reports", **funnel_metadata)
    yield result("drugs", rows=funnel.drugs)
    yield result("reactions", rows=funnel.reactions)
    yield result("source_fetches")
    yield result(
        "quarantine",
        rows=funnel.quarantined,
        superseded_versions=funnel.superseded,
        reasons=dg.MetadataValue.json(funnel.quarantine_reasons),
    )
