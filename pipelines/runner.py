"""Runs the full pipeline in this process, for the command line (`run` and `demo`)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from assets.resources import resources_for
from assets.run_tags import FORCE_REFETCH_TAG, REFRESH_TAGS, partition_range_tags
from ketamine_faers.quarters import all_quarters
from ketamine_faers.settings import Settings
from pipelines.assembly import build_definitions
from pipelines.jobs import JOB_FOR_SOURCE


def run_full_refresh(
    settings: Settings,
    quarters: list[str] | None = None,
    *,
    force_refetch: bool = False,
    dagster_home: Path | None = None,
    source: str = "openfda",
) -> dg.ExecuteInProcessResult:
    """Materialize the assets of ``source`` (``openfda``, ``files`` or ``all``; see
    pipelines/jobs.py) for ``quarters`` (default: 2004Q1 to now) against ``settings`` as one
    Dagster run. Quarters openFDA has not changed since they were landed are kept, not
    refetched, unless ``force_refetch``; a quarter of FDA's files is downloaded and landed
    again only when its zip changed.

    With ``dagster_home`` the run is recorded in that persistent instance (created when
    missing), so CLI runs show in ``dagster dev``; otherwise in an ephemeral one.
    """
    quarters = quarters or all_quarters()
    job = build_definitions(resources_for(settings)).resolve_job_def(JOB_FOR_SOURCE[source])
    return job.execute_in_process(
        instance=instance_at(dagster_home),
        tags={
            **partition_range_tags(quarters[0], quarters[-1]),
            **REFRESH_TAGS,
            **({FORCE_REFETCH_TAG: "true"} if force_refetch else {}),
        },
        raise_on_error=False,
    )


def instance_at(dagster_home: Path | None) -> dg.DagsterInstance:
    """The persistent instance in ``dagster_home`` (the folder made if it does not exist yet,
    with Dagster's defaults when it has no dagster.yaml), or an ephemeral one for None."""
    if dagster_home is None:
        return dg.DagsterInstance.ephemeral()
    home = dagster_home.expanduser().resolve()
    home.mkdir(parents=True, exist_ok=True)
    return dg.DagsterInstance.from_config(str(home))
