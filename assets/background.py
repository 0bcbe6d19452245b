"""Background counts: how many reports all of FAERS holds per quarter, per effect term and
category, from openFDA's total and count queries (never a download of all of FAERS)."""

from datetime import date

import dagster as dg
import duckdb

from assets.raw import raw_reports
from ketamine_faers.background_counts import effect_terms_from_csv, fetch_background_counts
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
    they can't contribute a signal."""
    terms = effect_terms_from_csv()
    resuming = resume_point(context) is not None  # keep what the failed attempt fetched
    newest = set(recent_quarters(date.today()))
    requests = fetched = skipped = 0
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
            # still refetches exactly the changed searches); the newest two are refetched.
            cached_ok = resuming or quarter not in newest
            requests += fetch_background_counts(
                client, con, quarter, terms, synthetic=synthetic, only_missing=cached_ok
            )
            fetched += 1
    return dg.MaterializeResult(
        metadata={
            "quarters_fetched": fetched,
            "quarters_skipped_no_reports": skipped,
            "requests": requests,
            "effect_terms": len(terms),
        }
    )
