"""FDA's quarterly data files: download and land each quarter, build the whole-FAERS case set,
then the analyst tables of schema ``faers_files`` and ``main.source_reconciliation``.

Thin wiring over ketamine_faers/sources/faers_files (download, reader, landing),
ketamine_faers/files_model.py (case set) and ketamine_faers/files_tables.py (analyst tables);
the design is docs/faers-files-design.md.
"""

from typing import Any

import dagster as dg

from assets.clean import CLEAN_SPECS
from assets.partitions import quarter_partitions
from assets.resources import FaersFilesResource, WarehouseResource
from ketamine_faers.case_set_update import update_case_set
from ketamine_faers.files_parquet import export_parquet
from ketamine_faers.files_tables import FILES_SCHEMA, FILES_TABLES, build_files_tables
from ketamine_faers.sources.faers_files.download import DownloadProgress, QuarterDownload
from ketamine_faers.sources.faers_files.landing import (
    ZipToLand,
    connect_landing,
    land_quarters,
    zips_to_land,
)

GROUP = "faers_files"
_PROGRESS_STEP = 64 * 1024 * 1024  # log a download's progress every 64 MiB


@dg.asset(
    group_name=GROUP,
    partitions_def=quarter_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    kinds={"duckdb", "python"},
    pool="faers_files",
    tags={"source": "files"},
)
def faers_files_landing(
    context: dg.AssetExecutionContext,
    faers_files: FaersFilesResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    """Each quarter's ASCII zip from FDA's Quarterly Data Extract page, downloaded once
    (resumed, checked, renamed into place) to ``work/files/zips/``, then read, every era and
    quirk, into ``work/files_landing.duckdb``, replacing the quarter in one transaction. A
    quarter is landed again only when its zip changed; a quarter FDA has not posted yet is
    not an error. Unreadable lines are kept in the landing's quarantine with a reason."""
    settings = warehouse.settings
    wanted = list(context.partition_keys)
    with faers_files.downloader(settings.work_dir) as downloader:
        index = downloader.read_index()
        run = downloader.download(wanted, index=index, on_progress=_progress_logger(context))
    landed: dict[str, dict[str, int]] = {}
    quarantined = 0
    to_land = zips_to_land(
        settings.files_landing_db,
        (
            ZipToLand(result.quarter, result.path, result.sha256)
            for result in run.results
            if result.path is not None
        ),
    )
    with connect_landing(settings.files_landing_db) as con:
        for landing in land_quarters(con, to_land, work_dir=settings.files_dir):
            landed[landing.quarter] = dict(landing.rows)
            quarantined += landing.quarantined
            context.log.info(
                f"{landing.quarter}: landed {sum(landing.rows.values())} rows, "
                f"{landing.quarantined} lines quarantined"
            )
    failed = run.outcome("failed")
    metadata: dict[str, Any] = {
        "quarters_requested": len(wanted),
        "quarters_on_page": len(index.links),
        "downloaded": len(run.outcome("downloaded")),
        "unchanged": len(run.outcome("unchanged")),
        "not_yet_published": len(run.not_published),
        "failed": len(failed),
        "bytes_downloaded": sum(r.bytes or 0 for r in run.outcome("downloaded")),
        "quarters_landed": len(landed),
        "rows_landed": sum(sum(rows.values()) for rows in landed.values()),
        "lines_quarantined": quarantined,
        "links_skipped": len(run.skipped_links),
        "page": dg.MetadataValue.url(downloader.page_url),
        "per_quarter": dg.MetadataValue.md(_quarter_table(run.results, landed)),
    }
    if failed:
        reasons = "; ".join(f"{r.quarter}: {r.reason}" for r in failed)
        raise dg.Failure(
            f"{len(failed)} quarter(s) of FDA's files could not be downloaded ({reasons}); "
            "the others were landed, and a re-run resumes the rest",
            metadata=metadata,
        )
    return dg.MaterializeResult(metadata=metadata)


@dg.asset(
    group_name=GROUP,
    deps=[faers_files_landing],
    kinds={"duckdb", "sql"},
    tags={"source": "files"},
)
def faers_case_set(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """The whole of FAERS (every drug) as one deduplicated case set in
    ``work/case_set.duckdb``: latest version per case across quarters and both eras, FDA's
    deleted cases removed, probable duplicates flagged. Quarters landed after every quarter
    it holds are added to it; anything else rebuilds it (``mode`` and ``why`` in the
    metadata). Changed only when its funnel reconciles (docs/faers-files-dedup.md)."""
    settings = warehouse.settings
    update = update_case_set(settings.files_landing_db, settings.case_set_db)
    context.log.info(f"case set: {update.mode} ({update.reason})")
    metadata: dict[str, Any] = dict(update.as_metadata())
    return dg.MaterializeResult(metadata=metadata)


FILES_TABLE_SPECS = [
    dg.AssetSpec(
        dg.AssetKey([FILES_SCHEMA, table]),
        deps=[faers_case_set],
        group_name=GROUP,
        kinds={"duckdb", "sql"},
        tags={"source": "files"},
    )
    for table in FILES_TABLES
] + [
    dg.AssetSpec(
        "source_reconciliation",
        deps=[faers_case_set, *(spec.key for spec in CLEAN_SPECS)],
        group_name=GROUP,
        kinds={"duckdb", "sql"},
        description="One row per ketamine or esketamine case in either source, and why.",
    )
]


@dg.multi_asset(specs=FILES_TABLE_SPECS)
def faers_files_tables(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """The ketamine/esketamine slice of the case set as schema ``faers_files`` of the build
    (published with it), ``main.source_reconciliation`` against openFDA's reports, and a
    Parquet copy of every ``faers_files`` table under ``$FAERS_DATA_DIR/parquet/``."""
    settings = warehouse.settings
    with warehouse.build_connection() as con:
        result = build_files_tables(
            con, settings.case_set_db, settings.files_landing_db, settings.downloads_manifest
        )
        exported = export_parquet(con, settings.parquet_dir)
    context.log.info(f"faers_files tables built: {result.tables}; Parquet: {exported}")
    for table in FILES_TABLES:
        yield dg.MaterializeResult(
            asset_key=dg.AssetKey([FILES_SCHEMA, table]),
            metadata={"rows": result.tables.get(table, 0), "parquet_rows": exported.get(table)},
        )
    yield dg.MaterializeResult(
        asset_key="source_reconciliation", metadata=dict(result.source_reconciliation)
    )


def _progress_logger(context: dg.AssetExecutionContext):
    """A download progress hook that logs each quarter's start and every 64 MiB."""
    last: dict[str, int] = {}

    def log(progress: DownloadProgress) -> None:
        done = progress.bytes_done
        previous = last.get(progress.quarter)
        if previous is not None and done - previous < _PROGRESS_STEP:
            return
        last[progress.quarter] = done
        total = f" of {progress.bytes_total:,}" if progress.bytes_total else ""
        context.log.info(
            f"FDA files {progress.quarter} ({progress.file_name}): {done:,}{total} bytes; "
            f"quarter {progress.quarters_done + 1} of {progress.quarters_total}"
        )

    return log


def _quarter_table(results: tuple[QuarterDownload, ...], landed: dict[str, dict[str, int]]) -> str:
    rows = [
        f"| {r.quarter} | {r.outcome} | {r.file_name} | {r.bytes or 0:,} | "
        f"{'yes' if r.quarter in landed else 'no'} | {r.reason or ''} |"
        for r in results
    ]
    header = (
        "| quarter | download | file | bytes | landed | reason |\n"
        "| --- | --- | --- | --- | --- | --- |"
    )
    return "\n".join([header, *rows])
