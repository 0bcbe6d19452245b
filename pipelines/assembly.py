"""Assembles the code location from explicit resources: every asset, check, job, schedule
and sensor. The CLI passes the resources of its own settings; ``dagster dev`` loads
:mod:`pipelines.definitions`, which passes those of the environment."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dagster as dg

from assets import ASSET_MODULES
from assets.freshness import freshness_checks
from pipelines.jobs import all_refresh_job, files_refresh_job, full_refresh_job
from pipelines.schedules import weekly_refresh
from pipelines.sensors import faers_files_posted, openfda_updated


def build_definitions(resources: Mapping[str, Any]) -> dg.Definitions:
    """The whole code location, run against ``resources`` (see assets.resources)."""
    return dg.Definitions(
        assets=dg.load_assets_from_modules(ASSET_MODULES),
        asset_checks=dg.load_asset_checks_from_modules(ASSET_MODULES),
        jobs=[full_refresh_job, files_refresh_job, all_refresh_job],
        schedules=[weekly_refresh],
        sensors=[
            openfda_updated,
            faers_files_posted,
            dg.build_sensor_for_freshness_checks(freshness_checks=freshness_checks),
        ],
        resources=dict(resources),
        # DuckDB allows one writing process per file: steps run one after another in one
        # process.
        executor=dg.in_process_executor,
    )
