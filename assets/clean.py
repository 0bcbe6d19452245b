"""Clean tables: one row per case, drug entry and reaction, plus quarantine."""

import dagster as dg

from assets.raw import raw_reports
from ketamine_faers.clean_model import build_clean_tables
from pipelines.resources import WarehouseResource

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
    """Rebuilds the clean tables from every landed quarter with the SQL in sql/staging and
    sql/clean. A full rebuild in DuckDB keeps deduplication global across quarters."""
    with warehouse.build_connection() as con:
        funnel = build_clean_tables(con)
    context.log.info(
        f"{funnel.raw_records} raw records -> {funnel.reports} reports + "
        f"{funnel.quarantined} quarantined (reconciles: {funnel.reconciles})"
    )
    funnel_metadata = funnel.as_metadata()
    funnel_metadata["quarantine_reasons"] = dg.MetadataValue.json(funnel.quarantine_reasons)
    yield dg.MaterializeResult(asset_key="reports", metadata=funnel_metadata)
    yield dg.MaterializeResult(asset_key="drugs", metadata={"rows": funnel.drugs})
    yield dg.MaterializeResult(asset_key="reactions", metadata={"rows": funnel.reactions})
    yield dg.MaterializeResult(asset_key="source_fetches")
    yield dg.MaterializeResult(
        asset_key="quarantine",
        metadata={
            "rows": funnel.quarantined,
            "superseded_versions": funnel.superseded,
            "reasons": dg.MetadataValue.json(funnel.quarantine_reasons),
        },
    )
