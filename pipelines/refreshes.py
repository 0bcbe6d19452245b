"""Is a refresh already running? The schedule and the sensor ask before requesting one, so
two refreshes never overlap; a refresh killed with SIGKILL (OOM kill, container stop) must not
answer "yes" forever.

SIGKILL leaves a run STARTED in Dagster's run storage: nothing is left to report its end.
Dagster's run monitoring (``run_monitoring`` in deploy/dagster.yaml) fails such a run once it
is older than ``max_runtime_seconds``, but the default run launcher cannot check a run
worker's health, so until then the run would block every tick, and hold the refresh tag's
concurrency slot so queued refreshes could not start either.

The rule, which never takes a live run for a dead one:

* a QUEUED, NOT_STARTED or STARTING refresh always blocks (run monitoring's
  ``start_timeout_seconds`` fails one that never starts);
* a STARTED refresh is **dead** when
  1. it names its worker (the run tag ``ketamine-faers/worker``, written by the run itself
     when its resources are set up, before its first step: ``RunResource`` in
     assets/resources.py) and that process is gone from *this machine's* process table:
     same boot id and pid namespace, and no process with that pid and start time (a reused
     pid has a later start time).
     A worker on another machine or in another container is never judged from here; or
  2. it started longer ago than run monitoring's ``max_runtime_seconds``: the daemon fails
     such a run anyway (live or not), so waiting for it changes nothing;
* any other STARTED refresh blocks.

A dead refresh is reported failed (with the reason), as run monitoring would do, which also
frees the refresh tag's concurrency slot at once for queued runs.
"""

from __future__ import annotations

import time

import dagster as dg

from assets.run_tags import REFRESH_TAGS, WORKER_TAG
from ketamine_faers.run_worker import worker_gone

_WAITING = (
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
)


def refresh_in_progress(instance: dg.DagsterInstance) -> bool:
    """True while a live refresh (any source: every refresh carries the refresh tag, and all
    write the same working databases) is queued or running. Dead ones found on the way are
    reported failed (see the module's docstring)."""
    records = instance.get_run_records(
        filters=dg.RunsFilter(
            tags=REFRESH_TAGS,
            statuses=[*_WAITING, dg.DagsterRunStatus.STARTED],
        )
    )
    blocking = False
    for record in records:
        run = record.dagster_run
        if run.status in _WAITING:
            blocking = True
            continue
        reason = dead_because(instance, record)
        if reason is None:
            blocking = True
        else:
            _report_dead(instance, run.run_id, reason)
    return blocking


def dead_because(instance: dg.DagsterInstance, record: dg.RunRecord) -> str | None:
    """Why the STARTED run of ``record`` is certainly dead, or None when it may be alive."""
    run = record.dagster_run
    identity = run.tags.get(WORKER_TAG)
    if identity is not None and worker_gone(identity) is True:
        pid = identity.split("/")[2]
        return f"its run worker (pid {pid}) on this machine no longer exists (killed?)"
    limit = _max_runtime(instance, run)
    if limit > 0 and record.start_time is not None and time.time() - record.start_time > limit:
        return f"it started more than run monitoring's max_runtime_seconds ({limit} s) ago"
    return None


def _max_runtime(instance: dg.DagsterInstance, run: dg.DagsterRun) -> float:
    """The run time after which run monitoring fails ``run``: its ``dagster/max_runtime`` tag
    if it has one (as Dagster reads it), else the instance's setting; 0 = no limit."""
    if not instance.run_monitoring_enabled:
        return 0
    tagged = run.tags.get("dagster/max_runtime", run.tags.get("dagster/max_runtime_seconds"))
    try:
        return float(tagged) if tagged else float(instance.run_monitoring_max_runtime_seconds)
    except ValueError:
        return 0  # Dagster ignores an unreadable tag too; then nothing proves the run dead


def _report_dead(instance: dg.DagsterInstance, run_id: str, reason: str) -> None:
    run = instance.get_run_by_id(run_id)
    if run is None or run.status != dg.DagsterRunStatus.STARTED:
        return  # it ended meanwhile, or someone else already reported it
    instance.report_run_failed(
        run, f"ketamine-faers: marked failed because {reason}; a new refresh may start."
    )
