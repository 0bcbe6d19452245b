"""Effect categories, marts and disproportionality signals, built from the clean tables."""

import dagster as dg

from assets.background import background_counts
from ketamine_faers.effects_model import EFFECT_TABLES, SIGNALS_TABLE, build_effect_tables
from pipelines.resources import WarehouseResource

_UPSTREAM = ["reports", "drugs", "reactions"]

EFFECT_SPECS = [
    dg.AssetSpec(
        table,
        deps=_UPSTREAM + ([background_counts] if table == SIGNALS_TABLE else []),
        group_name="marts" if table.startswith("mart_") else "effects",
        kinds={"duckdb", "sql"},
    )
    for table in EFFECT_TABLES
]


@dg.multi_asset(specs=EFFECT_SPECS)
def effect_tables(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """effect_terms (reference/effect_terms.csv), effect_reports, the dashboard marts and
    ``signals`` (ROR, PRR, IC per product, category and term, against openFDA's background)."""
    with warehouse.build_connection() as con:
        counts = build_effect_tables(con)
    for table in EFFECT_TABLES:
        yield dg.MaterializeResult(asset_key=table, metadata={"rows": counts.get(table, 0)})
