"""Run tags the assets read and the runs set: the refresh marker, a forced refetch and the
partition range of a single-run backfill."""

from __future__ import annotations

import dagster as dg

#: Every refresh carries this tag; deploy/dagster.yaml limits runs with it to one at a time, so
#: the schedule, the sensor and a manual run never refresh together.
REFRESH_TAGS = {"ketamine-faers/refresh": "true"}

#: Run tag that makes the openFDA assets refetch every quarter of the run, even those openFDA
#: has not changed since they were landed (``--force-refetch``; in the UI, add it at launch).
FORCE_REFETCH_TAG = "ketamine-faers/force-refetch"


#: Run tag naming the process doing a run's work (ketamine_faers/run_worker.py), written by the
#: run's first use of a resource, so that a run killed with SIGKILL can be told from a live one
#: (pipelines/refreshes.py).
WORKER_TAG = "ketamine-faers/worker"


def partition_range_tags(first: str, last: str) -> dict[str, str]:
    """Run tags that make one run cover a whole range of quarters (a single-run backfill)."""
    return {
        "dagster/asset_partition_range_start": first,
        "dagster/asset_partition_range_end": last,
    }


def force_refetch(context: dg.AssetExecutionContext) -> bool:
    """The run carries ``ketamine-faers/force-refetch=true``."""
    return context.run.tags.get(FORCE_REFETCH_TAG, "").lower() in ("true", "1", "yes")
