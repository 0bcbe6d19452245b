"""The code location: every asset, check, job, schedule and sensor, and nothing else."""

import dagster as dg

from assets import raw
from pipelines.resources import resources_from_env

defs = dg.Definitions(
    assets=dg.load_assets_from_modules([raw]),
    resources=resources_from_env(),
    # DuckDB allows one writing process per file: steps run one after another in one process.
    executor=dg.in_process_executor,
)
