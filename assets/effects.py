"""Effect categories, marts and disproportionality signals, built from the clean tables."""

import dagster as dg

from assets.background import background_counts
from assets.resources import WarehouseResource
from ketamine_faers import build_state
from ketamine_faers.catalog import count_rows
from ketamine_faers.effects_model import (
    EFFECT_TABLES,
    SIGNALS_TABLE,
    build_effect_tables,
)

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
    ``signals`` (ROR, PRR, IC per product, category and term, against openFDA's background).
    Skipped (``rebuilt: False``) when the clean build, the background counts, the SQL and the
    code are exactly those of the last complete build (ketamine_faers/build_state.py)."""
    with warehouse.build_connection() as con:
        decision, counts = build_state.build_if_changed(
            con,
            build_state.EFFECTS,
            build_state.Fingerprints(con).effects,
            EFFECT_TABLES,
            lambda: build_effect_tables(con),
            lambda: count_rows(con, EFFECT_TABLES),
            context.run_id,
            depends_on=[build_state.CLEAN],
        )
    state = "rebuilt" if decision.rebuild else "kept"
    context.log.info(f"effect tables {state}: {decision.reason}")
    for table in EFFECT_TABLES:
        yield dg.MaterializeResult(
            asset_key=table,
            metadata={
                "rows": counts.get(table, 0),
                "rebuilt": decision.rebuild,
                "reason": decision.reason,
            },
            data_version=dg.DataVersion(decision.fingerprint[:16]),
        )
