"""Runs the full pipeline in this process, for the command line (`run` and `demo`)."""

from __future__ import annotations

import os

import dagster as dg

from ketamine_faers.quarters import all_quarters

# Every refresh carries this tag; dagster.yaml limits runs with it to one at a time, so the
# schedule, the sensor and a manual run never refresh together.
REFRESH_TAGS = {"ketamine-faers/refresh": "true"}

#: Run tag that makes the openFDA assets refetch every quarter of the run, even those openFDA
#: has not changed since they were landed (``--force-refetch``; in the UI, add it at launch).
FORCE_REFETCH_TAG = "ketamine-faers/force-refetch"


def partition_range_tags(first: str, last: str) -> dict[str, str]:
    """Run tags that make one run cover a whole range of quarters (a single-run backfill)."""
    return {
        "dagster/asset_partition_range_start": first,
        "dagster/asset_partition_range_end": last,
    }


def run_full_refresh(
    quarters: list[str] | None = None, *, force_refetch: bool = False
) -> dg.ExecuteInProcessResult:
    """Materialize every asset for ``quarters`` (default: 2004Q1 to now) as one Dagster run.
    Quarters openFDA has not changed since they were landed are kept, not refetched, unless
    ``force_refetch``.

    Uses the persistent instance under ``DAGSTER_HOME`` when it is set, so CLI runs show in
    ``dagster dev``; otherwise an ephemeral one. Definitions are imported here, after the
    caller has set the environment they are built from.
    """
    from pipelines.definitions import defs

    quarters = quarters or all_quarters()
    instance = (
        dg.DagsterInstance.get()
        if os.environ.get("DAGSTER_HOME")
        else dg.DagsterInstance.ephemeral()
    )
    job = defs.resolve_job_def("full_refresh")
    return job.execute_in_process(
        instance=instance,
        tags={
            **partition_range_tags(quarters[0], quarters[-1]),
            **REFRESH_TAGS,
            **({FORCE_REFETCH_TAG: "true"} if force_refetch else {}),
        },
        raise_on_error=False,
    )
