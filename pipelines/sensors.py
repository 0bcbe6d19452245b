"""Start a refresh when a source has new data: openFDA's ``meta.last_updated`` moved, or FDA's
quarterly files page lists a quarter not downloaded yet (or a changed one)."""

from __future__ import annotations

from datetime import date

import dagster as dg

from assets.resources import FaersFilesResource, OpenFDAResource, WarehouseResource
from assets.run_tags import REFRESH_TAGS, partition_range_tags
from ketamine_faers.refresh_range import refresh_range
from ketamine_faers.sources.faers_files.manifest import read_manifest
from ketamine_faers.sources.faers_files.posted import new_or_changed_quarters
from pipelines.jobs import files_refresh_job, full_refresh_job
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


@dg.sensor(
    job=files_refresh_job,
    minimum_interval_seconds=24 * 3600,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description=(
        "Reads FDA's quarterly files page once a day; a run when a quarter is new or changed."
    ),
)
def faers_files_posted(
    context: dg.SensorEvaluationContext,
    faers_files: FaersFilesResource,
    warehouse: WarehouseResource,
) -> dg.RunRequest | dg.SkipReason:
    """One request (the index page). A quarter on the page that is not downloaded yet, or whose
    shown size differs from the one downloaded, requests one files refresh over those quarters
    (the run key names them and their sizes, so one posting never starts two runs)."""
    settings = warehouse.settings
    with faers_files.downloader(settings.work_dir) as downloader:
        page = downloader.read_index()
    pending = new_or_changed_quarters(page, read_manifest(settings.downloads_manifest))
    if not pending:
        return dg.SkipReason(f"FDA's page lists nothing new ({len(page.links)} quarters)")
    if refresh_in_progress(context.instance):
        return dg.SkipReason("a files refresh is already running; will look again")
    quarters = sorted(link.quarter for link in pending)
    key = ",".join(f"{link.quarter}:{link.size_text or ''}" for link in pending)
    return dg.RunRequest(
        run_key=f"faers-files-{key}",
        tags={**partition_range_tags(quarters[0], quarters[-1]), **REFRESH_TAGS},
    )
