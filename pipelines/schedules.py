"""The weekly refresh: the newest two quarters (where late reports land) and all downstream,
incrementally (see docs/incremental-refresh.md): unchanged quarters and stages are kept."""

from __future__ import annotations

import dagster as dg

from assets.run_tags import REFRESH_TAGS, partition_range_tags
from ketamine_faers.quarters import recent_quarters
from pipelines.jobs import full_refresh_job


@dg.schedule(
    job=full_refresh_job,
    cron_schedule="0 6 * * 1",  # Mondays 06:00 UTC
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description=(
        "Weekly refresh of the previous and current quarter: refetches only what openFDA "
        "changed, rebuilds only what depends on it, then publishes."
    ),
)
def weekly_refresh(context: dg.ScheduleEvaluationContext) -> dg.RunRequest | dg.SkipReason:
    if refresh_in_progress(context.instance):
        return dg.SkipReason("a refresh is already running")
    first, last = recent_quarters(context.scheduled_execution_time.date())
    return dg.RunRequest(tags={**partition_range_tags(first, last), **REFRESH_TAGS})


def refresh_in_progress(instance: dg.DagsterInstance) -> bool:
    """True while any full_refresh run is queued or running: two refreshes never overlap."""
    runs = instance.get_runs(
        filters=dg.RunsFilter(
            job_name=full_refresh_job.name,
            statuses=[
                dg.DagsterRunStatus.QUEUED,
                dg.DagsterRunStatus.NOT_STARTED,
                dg.DagsterRunStatus.STARTING,
                dg.DagsterRunStatus.STARTED,
            ],
        ),
        limit=1,
    )
    return bool(runs)
