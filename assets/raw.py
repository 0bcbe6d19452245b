"""Raw landing: openFDA records naming ketamine or esketamine, verbatim, per quarter."""

import dagster as dg

from ketamine_faers.raw_landing import connect_raw, land_quarter, quarters_landed_since
from pipelines.partitions import quarter_partitions
from pipelines.resources import OpenFDAResource, WarehouseResource
from pipelines.resume import resume_point


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
    quarter is swapped in whole, so a re-run replaces it and a failure keeps the last copy."""
    results = []
    since = resume_point(context)
    with openfda.client() as client, connect_raw(warehouse.settings.raw_db) as con:
        kept = quarters_landed_since(con, since) if since else set()
        if kept:
            context.log.info(f"resuming: {len(kept)} quarters landed by the failed attempt kept")
        for quarter in context.partition_keys:
            if quarter in kept:
                continue
            result = land_quarter(client, con, quarter)
            context.log.info(
                f"{quarter}: {result.records} records of {result.api_total} in "
                f"{result.requests} requests ({result.retries} retries)"
            )
            results.append(result)
    incomplete = [r.quarter for r in results if not r.complete]
    return dg.MaterializeResult(
        metadata={
            "quarters": len(results),
            "quarters_kept_from_failed_attempt": len(kept),
            "records_fetched": sum(r.records for r in results),
            "api_total": sum(r.api_total for r in results),
            "totals_agree": not incomplete,
            "quarters_disagreeing": ", ".join(incomplete) or "none",
            "requests": sum(r.requests for r in results),
            "retries": sum(r.retries for r in results),
            "surrogates_repaired": sum(r.surrogates_repaired for r in results),
            "openfda_last_updated": max((r.source_last_updated or "" for r in results), default="")
            or "unknown",
            "synthetic_sample": any(r.synthetic for r in results),
            "seconds": round(sum(r.seconds for r in results), 2),
            "per_quarter": dg.MetadataValue.md(_quarter_table(results)),
        }
    )


def _quarter_table(results: list) -> str:
    rows = [
        f"| {r.quarter} | {r.records} | {r.api_total} | {r.requests} | {r.retries} |"
        for r in results
        if r.records or r.api_total
    ]
    header = "| quarter | records | openFDA total | requests | retries |\n|---|---|---|---|---|"
    return "\n".join([header, *rows]) if rows else "no records in these quarters"
