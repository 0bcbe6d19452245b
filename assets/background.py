"""Background counts: how many reports all of FAERS holds per quarter, per effect term and
category, from openFDA's total and count queries (never a download of all of FAERS)."""

from datetime import date

import dagster as dg

from assets.partitions import quarter_partitions
from assets.raw import raw_reports
from assets.resources import OpenFDAResource, WarehouseResource
from assets.resume import resume_point
from assets.run_tags import force_refetch
from ketamine_faers.sources.openfda.background import effect_terms_from_csv
from ketamine_faers.sources.openfda.background_refresh import (
    plan_background_refresh,
    refresh_background,
)
from ketamine_faers.warehouse import connect_raw


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
    fetched; a run tagged ``ketamine-faers/force-refetch=true`` refetches every quarter
    (ketamine_faers/sources/openfda/background_refresh.py)."""
    terms = effect_terms_from_csv()
    force = force_refetch(context)
    with openfda.client() as client, connect_raw(warehouse.settings.raw_db) as con:
        plans = plan_background_refresh(
            con,
            context.partition_keys,
            today=date.today(),
            force=force,
            resuming=resume_point(context) is not None,  # keep what the failed attempt fetched
        )
        done = refresh_background(client, con, plans, terms)
    return dg.MaterializeResult(
        metadata={
            "quarters_fetched": done.quarters_fetched,
            "quarters_skipped_no_reports": done.quarters_skipped_no_reports,
            "newest_quarters_unchanged": done.newest_quarters_unchanged,
            "refetch_forced": force,
            "requests": done.requests,
            "effect_terms": len(terms),
        }
    )
