"""A reconstructable full_refresh job built from the environment, so that a test can
re-execute a failed run exactly as the Dagster UI or daemon would."""

import dagster as dg

from assets import ASSET_MODULES
from pipelines.jobs import full_refresh_job
from pipelines.resources import OpenFDAResource, resources_from_env


def refresh_job() -> dg.JobDefinition:
    resources = resources_from_env()
    # the real resource, with back-off short enough for a test
    from_env = resources["openfda"]
    resources["openfda"] = OpenFDAResource(
        base_url=from_env.base_url,
        requests_per_minute=from_env.requests_per_minute,
        backoff_base_seconds=0.01,
        max_attempts=3,
    )
    defs = dg.Definitions(
        assets=dg.load_assets_from_modules(ASSET_MODULES),
        jobs=[full_refresh_job],
        resources=resources,
        executor=dg.in_process_executor,
    )
    return defs.resolve_job_def("full_refresh")
