"""The code location: every asset, check, job, schedule and sensor, and nothing else."""

import dagster as dg

from assets import ASSET_MODULES
from assets.freshness import freshness_checks
from pipelines.jobs import full_refresh_job
from pipelines.resources import resources_from_env
from pipelines.schedules import weekly_refresh
from pipelines.sensors import openfda_updated

defs = dg.Definitions(
    assets=dg.load_assets_from_modules(ASSET_MODULES),
    asset_checks=dg.load_asset_checks_from_modules(ASSET_MODULES),
    jobs=[full_refresh_job],
    schedules=[weekly_refresh],
    sensors=[
        openfda_updated,
        dg.build_sensor_for_freshness_checks(freshness_checks=freshness_checks),
    ],
    resources=resources_from_env(),
    # DuckDB allows one writing process per file: steps run one after another in one process.
    executor=dg.in_process_executor,
)
