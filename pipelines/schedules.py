"""The weekly refresh: the newest two quarters (where late reports land) and all downstream,
incrementally (see docs/incremental-refresh.md): unchanged quarters and stages are kept. It
reaches further back when the raw landing lacks quarters (ketamine_faers/refresh_range.py)."""

from __future__ import annotations

import dagster as dg

from assets.resources import WarehouseResource
from assets.run_tags import REFRESH_TAGS, partition_range_tags
from ketamine_faers.refresh_range import refresh_range
from pipelines.jobs import full_refresh_job
from pipelines.refreshes import refresh_in_progress


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
def weekly_refresh(
    context: dg.ScheduleEvaluationContext, warehouse: WarehouseResource
) -> dg.RunRequest | dg.SkipReason:
    """Skips while a live refresh is queued or running; a dead one (killed with SIGKILL) does
    not count and is reported failed (pipelines/refreshes.py)."""
    if refresh_in_progress(context.instance):
        return dg.SkipReason("a refresh is already running")
    settings = warehouse.settings
    first, last = refresh_range(
        settings.raw_db, settings.published_db, context.scheduled_execution_time.date()
    )
    return dg.RunRequest(tags={**partition_range_tags(first, last), **REFRESH_TAGS})
