"""Resuming a failed run: which quarters the failed attempt already finished."""

from __future__ import annotations

from datetime import UTC, datetime

import dagster as dg


def resume_point(context: dg.AssetExecutionContext) -> datetime | None:
    """When this run re-executes a failed one (UI "re-execute from failure", or the daemon's
    run retries), the UTC start of the first attempt: quarters landed since then are kept, not
    refetched. None for a fresh run."""
    root_run_id = context.run.root_run_id
    if not root_run_id:
        return None
    record = context.instance.get_run_record_by_id(root_run_id)
    if record is None or record.start_time is None:
        return None
    return datetime.fromtimestamp(record.start_time, UTC).replace(tzinfo=None)
