"""The published database: the file analysts open, replaced only by a complete, checked build."""

import dagster as dg

from assets.clean import CLEAN_SPECS
from assets.effects import EFFECT_TABLES
from assets.faers_files import FILES_TABLE_SPECS
from assets.resources import WarehouseResource
from ketamine_faers.publish import publish_build

PUBLISHED_FROM: list[dg.AssetKey | str] = [
    *(spec.key for spec in CLEAN_SPECS),
    *EFFECT_TABLES,
    *(spec.key for spec in FILES_TABLE_SPECS),
]


@dg.asset(
    group_name="publish",
    deps=PUBLISHED_FROM,
    kinds={"duckdb"},
)
def published_database(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """``$FAERS_DATA_DIR/faers.duckdb``: a copy of the build, swapped in atomically. It runs
    only after every blocking data-quality check upstream has passed, so a failed build keeps
    the last good file in place."""
    settings = warehouse.settings
    result = publish_build(settings.build_db, settings.published_db)
    context.log.info(f"published {result.path} ({result.bytes} bytes)")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(result.path.resolve())),
            "bytes": result.bytes,
            "tables": dg.MetadataValue.json(result.tables),
        }
    )
