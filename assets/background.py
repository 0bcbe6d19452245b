"""Background counts: how many reports all of FAERS holds per quarter, per effect term and
category, from openFDA's total and count queries (never a download of all of FAERS)."""

from datetime import date

import dagster as dg
import duckdb

from assets.raw import force_refetch, raw_reports
from ketamine_faers.background_counts import (
    counts_are_current,
    effect_terms_from_csv,
    fetch_background_counts,
)
from ketamine_faers.quarters import recent_quarters
from pipelines.partitions import quarter_partitions
from pipelines.resources import OpenFDAResource, WarehouseResource
from pipelines.resume import resume_point


@dg.asset(
    group_name="ingest",
    deps=[raw_reports],
    partitions_def=quarter_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    kinds={"duckdb", "python"},
    pool="openfda",
    tags={"source": "openfda"},
)
def background_counts(
    context: dg.AssetExecutionContext, openfda: OpenFDAResource, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """``raw.background_counts``: per quarter, all-FAERS report totals, reports per effect
    term and per category, and openFDA's own product totals, the comparator side of the
    disproportionality tables. Quarters without a ketamine or esketamine report are skipped:
    they can't contribute a signal. The newest two quarters are refetched only when their
    reports were landed again or openFDA's ``last_updated`` moved since their counts were
    fetched; a run tagged ``ketamine-faers/force-refetch=true`` refetches every quarter."""
    terms = effect_terms_from_csv()
    resuming = resume_point(context) is not None  # keep what the failed attempt fetched
    force = force_refetch(context)
    newest = set(recent_quarters(date.today()))
    requests = fetched = skipped = unchanged = 0
    with openfda.client() as client, duckdb.connect(str(warehouse.settings.raw_db)) as con:
        landed = dict(
            con.execute(
                "select quarter, records from raw_fetches where quarter in "
                "(select unnest(?::varchar[]))",
                [list(context.partition_keys)],
            ).fetchall()
        )
        synthetic = bool(
            con.execute("select coalesce(bool_or(synthetic), false) from raw_fetches").fetchone()[0]
        )
        for quarter in context.partition_keys:
            if not landed.get(quarter):
                skipped += 1
                continue
            # Older quarters barely move: their cached counts are kept (a changed term list
            # still refetches exactly the changed searches). The newest two are refetched
            # when openFDA may have changed them since; a forced refetch refetches all.
            current = quarter in newest and not force and counts_are_current(con, quarter)
            unchanged += current
            cached_ok = resuming or (not force and (quarter not in newest or current))
            requests += fetch_background_counts(
                client, con, quarter, terms, synthetic=synthetic, only_missing=cached_ok
            )
            fetched += 1
    return dg.MaterializeResult(
        metadata={
            "quarters_fetched": fetched,
            "quarters_skipped_no_reports": skipped,
            "newest_quarters_unchanged": unchanged,
            "refetch_forced": force,
            "requests": requests,
            "effect_terms": len(terms),
        }
    )
