"""Which quarters' background counts to fetch again, and fetching them.

Why here and not in the asset: the decision (a quarter without reports is skipped, older
quarters keep their cached counts, the newest two are refetched only when openFDA may have
changed them, a forced refetch refetches all, a resumed run keeps what the failed attempt
fetched) is the part worth testing, and it needs no Dagster.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import duckdb

from ketamine_faers.quarters import recent_quarters
from ketamine_faers.sources.openfda.background import (
    CountingClient,
    counts_are_current,
    fetch_background_counts,
)
from ketamine_faers.sql_files import read_sql


@dataclass(frozen=True)
class QuarterPlan:
    """What to do with one quarter's background: ``fetch`` False means skipped (no reports);
    ``only_missing`` fetches only searches not cached yet (a changed term list, a new quarter)."""

    quarter: str
    fetch: bool
    only_missing: bool
    newest_unchanged: bool


@dataclass(frozen=True)
class BackgroundRefresh:
    """What one refresh of the background did, for the asset's metadata."""

    quarters_fetched: int
    quarters_skipped_no_reports: int
    newest_quarters_unchanged: int
    requests: int


def plan_background_refresh(
    raw_con: duckdb.DuckDBPyConnection,
    quarters: Sequence[str],
    *,
    today: date,
    force: bool,
    resuming: bool,
) -> list[QuarterPlan]:
    """One plan per quarter of ``quarters``. Older quarters barely move: their cached counts
    are kept (a changed term list still refetches exactly the changed searches). The newest
    two are refetched when openFDA may have changed them since; a forced refetch refetches
    all; a resumed run keeps everything already cached."""
    landed = dict(
        raw_con.execute(
            read_sql("operations/raw_landing/select_landed_records.sql"),
            {"quarters": list(quarters)},
        ).fetchall()
    )
    newest = set(recent_quarters(today))
    plans = []
    for quarter in quarters:
        if not landed.get(quarter):
            plans.append(QuarterPlan(quarter, False, False, False))
            continue
        current = quarter in newest and not force and counts_are_current(raw_con, quarter)
        cached_ok = resuming or (not force and (quarter not in newest or current))
        plans.append(QuarterPlan(quarter, True, cached_ok, current))
    return plans


def landing_is_synthetic(raw_con: duckdb.DuckDBPyConnection) -> bool:
    """Whether any landed quarter came from the bundled synthetic sample."""
    ((synthetic,),) = raw_con.execute(
        read_sql("operations/raw_landing/select_any_synthetic.sql")
    ).fetchall()
    return bool(synthetic)


def refresh_background(
    client: CountingClient,
    raw_con: duckdb.DuckDBPyConnection,
    plans: Sequence[QuarterPlan],
    effect_terms: Sequence[tuple[str, str, str]],
) -> BackgroundRefresh:
    """Carry out ``plans`` with ``client``; returns the figures."""
    synthetic = landing_is_synthetic(raw_con)
    requests = 0
    for plan in plans:
        if plan.fetch:
            requests += fetch_background_counts(
                client,
                raw_con,
                plan.quarter,
                effect_terms,
                synthetic=synthetic,
                only_missing=plan.only_missing,
            )
    return BackgroundRefresh(
        quarters_fetched=sum(p.fetch for p in plans),
        quarters_skipped_no_reports=sum(not p.fetch for p in plans),
        newest_quarters_unchanged=sum(p.newest_unchanged for p in plans),
        requests=requests,
    )
