"""A reconstructable full_refresh job built from the environment, so that a test can
re-execute a failed run exactly as the Dagster UI or daemon would."""

import dagster as dg

from assets.resources import OpenFDAResource, resources_for
from ketamine_faers.settings import Settings
from pipelines.assembly import build_definitions


def refresh_job() -> dg.JobDefinition:
    settings = Settings.from_env()
    resources = resources_for(settings)
    # the real resource, with back-off short enough for a test
    resources["openfda"] = OpenFDAResource(
        base_url=settings.base_url,
        requests_per_minute=settings.requests_per_minute,
        backoff_base_seconds=0.01,
        max_attempts=3,
    )
    return build_definitions(resources).resolve_job_def("full_refresh")
