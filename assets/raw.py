"""Raw landing: openFDA records naming ketamine or esketamine, verbatim, per quarter."""

import dagster as dg

from assets.partitions import quarter_partitions
from assets.resources import OpenFDAResource, WarehouseResource
from assets.resume import resume_point
from assets.run_tags import force_refetch
from ketamine_faers.sources.openfda.landing import (
    QuarterRefresh,
    quarters_landed_since,
    refresh_quarter,
)
from ketamine_faers.warehouse import connect_raw


@dg.asset(
    group_name="ingest",
    partitions_def=quarter_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    kinds={"duckdb", "python"},
    pool="openfda",
    tags={"source": "openfda"},
)
def raw_reports(
    context: dg.AssetExecutionContext, openfda: OpenFDAResource, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Every openFDA drug/event record whose drugs name ketamine or esketamine, received in
    the partition's quarter, stored verbatim in ``work/raw.duckdb`` (``raw_records``). Each
    quarter is swapped in whole, so a re-run replaces it and a failure keeps the last copy.
    A quarter already landed is first probed with one request and kept, not refetched, when
    openFDA's ``last_updated`` and total for it are those stored (run tag
    ``ketamine-faers/force-refetch=true`` refetches anyway)."""
    results: list[QuarterRefresh] = []
    since = resume_point(context)
    force = force_refetch(context)
    with openfda.client() as client, connect_raw(warehouse.settings.raw_db) as con:
        kept = quarters_landed_since(con, since) if since else set()
        if kept:
            context.log.info(f"resuming: {len(kept)} quarters landed by the failed attempt kept")
        for quarter in context.partition_keys:
            if quarter in kept:
                continue
            result = refresh_quarter(client, con, quarter, force=force)
            landing = result.landing
            if landing is not None:
                context.log.info(
                    f"{quarter}: {result.status} ({result.reason}): {landing.records} records "
                    f"of {landing.api_total} in {result.requests} requests "
                    f"({landing.retries} retries)"
                )
            elif result.records:
                context.log.info(f"{quarter}: unchanged ({result.reason})")
            results.append(result)
    landings = [r.landing for r in results if r.landing is not None]
    incomplete = [r.quarter for r in results if r.records != r.api_total]
    last_updated = {r.source_last_updated for r in results if r.source_last_updated}
    return dg.MaterializeResult(
        metadata={
            "quarters": len(results),
            "quarters_refetched": sum(r.status == "refetched" for r in results),
            "quarters_landed_first_time": sum(r.status == "landed" for r in results),
            "quarters_unchanged": sum(r.status == "unchanged" for r in results),
            "quarters_kept_from_failed_attempt": len(kept),
            "refetch_forced": force,
            "records_fetched": sum(r.records for r in landings),
            "records_kept_unchanged": sum(r.records for r in results if r.landing is None),
            "api_total": sum(r.api_total for r in results),
            "totals_agree": not incomplete,
            "quarters_disagreeing": ", ".join(incomplete) or "none",
            "requests": sum(r.requests for r in results),
            "probe_requests": sum(r.probe_requests for r in results),
            "retries": sum(r.retries for r in landings),
            "surrogates_repaired": sum(r.surrogates_repaired for r in landings),
            "openfda_last_updated": max(last_updated, default="unknown"),
            "synthetic_sample": any(r.synthetic for r in results),
            "seconds": round(sum(r.seconds for r in landings), 2),
            "per_quarter": dg.MetadataValue.md(_quarter_table(results)),
        }
    )


def _quarter_table(results: list[QuarterRefresh]) -> str:
    rows = [
        f"| {r.quarter} | {r.status} | {r.records} | {r.api_total} | {r.requests} | "
        f"{r.landing.retries if r.landing else 0} |"
        for r in results
        if r.records or r.api_total
    ]
    header = (
        "| quarter | status | records | openFDA total | requests | retries |\n"
        "|---|---|---|---|---|---|"
    )
    return "\n".join([header, *rows]) if rows else "no records in these quarters"
