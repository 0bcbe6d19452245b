"""The dashboards: a static HTML site built from the published database."""

import os

import dagster as dg

from assets.resources import WarehouseResource
from ketamine_faers.dashboards import build_site
from ketamine_faers.dashboards.site_data import missing_tables


@dg.asset(
    group_name="publish",
    deps=["published_database"],
    kinds={"html", "plotly"},
)
def dashboards(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """``$FAERS_DATA_DIR/dashboards/``: ``index.html`` and one page per effect category, with
    plotly.js shipped beside the pages (they open offline, from disk or from
    ``ketamine-faers serve``). Built from the published ``faers.duckdb`` (read-only) and
    swapped in whole, so a reader never sees half a site."""
    settings = warehouse.settings
    lacking = missing_tables(settings.published_db)
    if lacking and "reports" in lacking:
        context.log.warning(
            "dashboards not built: the published database holds no openFDA tables yet (a "
            "files-only run); run `ketamine-faers run --source openfda` or `--source all`"
        )
        return dg.MaterializeResult(metadata={"built": False, "missing": ", ".join(lacking)})
    report = build_site(settings.published_db, settings.dashboards_dir)
    context.log.info(
        f"dashboards: {len(report.pages)} pages in {report.seconds} s at {report.index}"
    )
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(os.path.abspath(report.index)),
            "pages": dg.MetadataValue.json(list(report.pages)),
            "charts_per_page": dg.MetadataValue.json(report.charts_per_page),
            "synthetic": "unknown" if report.synthetic is None else report.synthetic,
            "data_quality": report.data_quality,
            "seconds": report.seconds,
        }
    )
