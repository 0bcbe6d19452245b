"""Brings the case set up to date with the landing: adds new quarters when it can, else
rebuilds it, and says which and why.

Dagster-free. :func:`update_case_set` is what the ``faers_case_set`` asset runs. The common
case, one or more quarters landed after every quarter the case set holds and nothing older
landed again, is an incremental add (:func:`ketamine_faers.case_set_increment.add_quarters`,
seconds instead of a rebuild's minutes at FAERS's size). Anything else is a full
:func:`~ketamine_faers.files_model.build_case_set`: no case set or no private state yet, a
state of another format, other code, a landing that records no zips, a built quarter landed
again or gone, a new quarter not later than every built one, or an add that could not be made
exactly. Both give the same tables (docs/faers-files-dedup.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ketamine_faers.case_set_increment import CaseSetIncrementError, add_quarters
from ketamine_faers.case_set_state import (
    FORMAT,
    BuiltState,
    LandedQuarter,
    read_built,
    read_landed,
)
from ketamine_faers.files_model import (
    CaseSetNotReconciledError,
    CaseSetResult,
    build_case_set,
    case_set_code_digest,
    count_case_set,
)
from ketamine_faers.sql_files import run_sql

INCREMENTAL = "incremental"
REBUILD = "rebuild"
UNCHANGED = "unchanged"


@dataclass(frozen=True)
class UpdatePlan:
    """What :func:`update_case_set` will do, and why."""

    mode: str  # INCREMENTAL, REBUILD or UNCHANGED
    reason: str
    new_quarters: tuple[str, ...] = ()
    built_quarters: dict[str, LandedQuarter] = field(default_factory=dict)


@dataclass(frozen=True)
class CaseSetUpdate:
    """What :func:`update_case_set` did: the case set it left, how, and why."""

    result: CaseSetResult
    mode: str
    reason: str
    quarters_added: tuple[str, ...] = ()

    def as_metadata(self) -> dict[str, object]:
        """The case set's figures with ``mode``, ``why`` and the quarters added."""
        return {
            **self.result.as_metadata(),
            "mode": self.mode,
            "why": self.reason,
            "quarters_added": ", ".join(self.quarters_added),
        }


def decide(
    built: BuiltState | None, landed: dict[str, LandedQuarter] | None, digest: str
) -> UpdatePlan:
    """The plan for a case set whose state is ``built`` and a landing holding ``landed``;
    ``digest`` is the current code's (:func:`~ketamine_faers.files_model.case_set_code_digest`)."""
    if built is None:
        return UpdatePlan(REBUILD, "the case set keeps no incremental state")
    if built.format != FORMAT:
        return UpdatePlan(REBUILD, f"its state is format {built.format}, this code keeps {FORMAT}")
    if built.code_digest != digest:
        return UpdatePlan(REBUILD, "the case set's code changed since it was built")
    if landed is None:
        return UpdatePlan(REBUILD, "the landing records no landed zips")
    if not built.quarters:
        return UpdatePlan(REBUILD, "the case set records no landed quarter")
    gone = sorted(set(built.quarters) - set(landed))
    if gone:
        return UpdatePlan(REBUILD, f"no longer landed: {', '.join(gone)}")
    again = [q for q in sorted(built.quarters) if landed[q] != built.quarters[q]]
    if again:
        return UpdatePlan(REBUILD, f"landed again since the case set was built: {', '.join(again)}")
    new = sorted(set(landed) - set(built.quarters))
    latest = max(built.quarters)
    if not new:
        return UpdatePlan(UNCHANGED, "no quarter was landed since the case set was built")
    early = [q for q in new if q <= latest]
    if early:
        return UpdatePlan(
            REBUILD, f"landed, but not after {latest}, the latest quarter built: {', '.join(early)}"
        )
    return UpdatePlan(
        INCREMENTAL,
        f"landed after {latest}, the latest quarter built: {', '.join(new)}",
        tuple(new),
        dict(built.quarters),
    )


def plan_update(landing_db: Path, case_set_db: Path) -> UpdatePlan:
    """Read the case set's state and the landing's record of zips, and decide."""
    if not case_set_db.is_file():
        return UpdatePlan(REBUILD, "no case set yet")
    if not landing_db.is_file():
        return UpdatePlan(REBUILD, "no landing")  # build_case_set says what is missing
    with duckdb.connect() as con:
        try:
            run_sql(
                con,
                "operations/case_set_update/attach_read_only.sql",
                {"case_set_db": str(case_set_db), "landing_db": str(landing_db)},
            )
            built, landed = read_built(con), read_landed(con)
        except duckdb.Error as error:  # e.g. a damaged case set: a rebuild replaces it
            return UpdatePlan(REBUILD, f"the case set or the landing could not be read: {error}")
        return decide(built, landed, case_set_code_digest())


def update_case_set(landing_db: Path, case_set_db: Path) -> CaseSetUpdate:
    """Bring ``case_set_db`` up to date with ``landing_db``: add new quarters, rebuild, or
    leave it, as :func:`plan_update` decides. An add that cannot be made exactly
    (:class:`CaseSetIncrementError`) or does not reconcile, which leaves the case set as it
    was, falls back to a rebuild and says so."""
    plan = plan_update(landing_db, case_set_db)
    if plan.mode == INCREMENTAL:
        try:
            result = add_quarters(landing_db, case_set_db, plan.new_quarters, plan.built_quarters)
        except (CaseSetIncrementError, CaseSetNotReconciledError) as error:
            result = build_case_set(landing_db, case_set_db)
            return CaseSetUpdate(result, REBUILD, f"the incremental add stopped: {error}")
        return CaseSetUpdate(result, INCREMENTAL, plan.reason, plan.new_quarters)
    if plan.mode == UNCHANGED:
        with duckdb.connect(str(case_set_db), read_only=True) as con:
            return CaseSetUpdate(count_case_set(con), UNCHANGED, plan.reason)
    return CaseSetUpdate(build_case_set(landing_db, case_set_db), REBUILD, plan.reason)
