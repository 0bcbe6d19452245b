"""Starts a refresh when openFDA says it has new data (its ``meta.last_updated`` moved)."""

from __future__ import annotations

from datetime import date

import dagster as dg

from assets.resources import OpenFDAResource, WarehouseResource
from assets.run_tags import REFRESH_TAGS, partition_range_tags
from ketamine_faers.refresh_range import refresh_range
from pipelines.jobs import full_refresh_job
from pipelines.refreshes import refresh_in_progress

LAST_UPDATED_TAG = "openfda/last_updated"


@dg.sensor(
    job=full_refresh_job,
    minimum_interval_seconds=6 * 3600,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="One cheap openFDA request; a refresh when meta.last_updated changed.",
)
def openfda_updated(
    context: dg.SensorEvaluationContext, openfda: OpenFDAResource, warehouse: WarehouseResource
) -> dg.RunRequest | dg.SkipReason:
    """The cursor holds the last ``last_updated`` a refresh was requested for. A changed value
    requests one run (its run key is the value, so it is never requested twice); an
    unchanged one requests nothing."""
    with openfda.client() as client:
        last_updated = client.last_updated()
    if last_updated is None:
        return dg.SkipReason("openFDA returned no last_updated")
    if last_updated == context.cursor:
        return dg.SkipReason(f"openFDA unchanged since {last_updated}")
    if refresh_in_progress(context.instance):
        return dg.SkipReason("a refresh is already running; will look again")
    context.update_cursor(last_updated)
    settings = warehouse.settings
    first, last = refresh_range(settings.raw_db, settings.published_db, date.today())
    return dg.RunRequest(
        run_key=f"openfda-last-updated-{last_updated}",
        tags={**partition_range_tags(first, last), **REFRESH_TAGS, LAST_UPDATED_TAG: last_updated},
    )
