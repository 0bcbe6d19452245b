"""What every page says about its data: the synthetic banner, the status strip at the top,
and the source and data-quality panels of the footer.

A reader must be able to tell a synthetic or unvalidated build from a real one on every page,
so these parts are the same on all of them.
"""

from __future__ import annotations

from datetime import datetime

from ketamine_faers.dashboards.markup import Html, day, esc, join, render, table, tag, timestamp
from ketamine_faers.dashboards.site_data import QualityStatus, SourceStatus

OPENFDA_DISCLAIMER = (
    "Do not rely on openFDA to make decisions regarding medical care. While we make every "
    "effort to ensure that data is accurate, you should assume all results are unvalidated."
)
DATA_DOCS_HREF = "../data_docs/index.html"


def status_strip(source: SourceStatus, quality: QualityStatus) -> Html:
    """The one-line source, fetch date and data quality at the top of the page."""
    return render(
        "status_strip.html",
        source=_source_short(source),
        fetched=timestamp(source.last_fetched_at),
        last_updated=day(source.source_last_updated),
        quality_status=quality.status,
        quality_class=quality.status.replace(" ", "-"),
        quality_counts=_quality_counts(quality),
    )


def footer(
    source: SourceStatus,
    quality: QualityStatus,
    *,
    built_at: datetime,
    data_docs_available: bool,
) -> Html:
    """The source, build and data-quality details, with openFDA's disclaimer."""
    return render(
        "footer.html",
        source_detail=_source_detail(source),
        fetched_detail=_fetched_detail(source),
        last_updated=day(source.source_last_updated),
        quarters=(
            f"{source.quarters_fetched:,} quarters, {source.records:,} records"
            if source.from_table == "source_fetches"
            else f"{source.quarters_fetched:,} quarters with reports"
        ),
        files_detail=_files_detail(source),
        reconciliation_detail=_reconciliation_detail(source),
        built_at=timestamp(built_at),
        quality_detail=_quality_detail(quality, data_docs_available),
        disclaimer=OPENFDA_DISCLAIMER,
    )


def synthetic_banner(source: SourceStatus) -> Html:
    """A banner when the data are synthetic or their source is unknown; nothing for openFDA."""
    if source.synthetic:
        return tag(
            "div",
            tag(
                "p",
                join(
                    [
                        tag("strong", "SYNTHETIC DATA."),
                        " This build came from the bundled sample, generated to have the shape"
                        " of real openFDA records, not from openFDA. Its numbers say nothing"
                        " about the real safety of ketamine or esketamine.",
                    ]
                ),
                class_="wrap",
            ),
            class_="banner banner-synthetic",
            id="synthetic-banner",
            role="alert",
        )
    if source.synthetic is None:
        return tag(
            "div",
            tag(
                "p",
                join(
                    [
                        tag("strong", "Source not recorded."),
                        " This build does not record whether its data came from openFDA or"
                        " from the bundled synthetic sample (no source_fetches table). Treat"
                        " the numbers as possibly synthetic.",
                    ]
                ),
                class_="wrap",
            ),
            class_="banner banner-unknown",
            id="source-unknown-banner",
            role="note",
        )
    return Html("")


def _source_short(source: SourceStatus) -> str:
    if source.synthetic:
        return "bundled SYNTHETIC sample"
    if source.synthetic is None:
        return "not recorded (not available)"
    return "openFDA"


def _source_detail(source: SourceStatus) -> Html:
    urls = ", ".join(source.source_base_urls) or "address not recorded"
    if source.synthetic:
        return join(["Bundled synthetic sample, served by the local openFDA service (", urls, ")"])
    if source.synthetic is None:
        return esc("Not recorded in this build (table source_fetches not available).")
    return join(["openFDA drug/event (", urls, ")"])


def _files_detail(source: SourceStatus) -> str:
    files = source.files
    if files is None:
        return (
            "not loaded in this build (`ketamine-faers run --source files` loads them; the "
            "tables are in schema faers_files)"
        )
    synthetic = "SYNTHETIC sample, " if source.synthetic else ""
    return (
        f"{synthetic}{files['quarters']:,} quarters ({files['first_quarter']} to "
        f"{files['last_quarter']}): {files['cases']:,} cases naming ketamine or esketamine in "
        f"any role (ketamine only {files['ketamine_only']:,}, esketamine only "
        f"{files['esketamine_only']:,}, both {files['both_products']:,}; "
        f"{files['probable_duplicates']:,} flagged as probable duplicates), latest version "
        "of each case, FDA's deleted cases removed (tables faers_files.*). The charts and "
        "signals on these pages do not use them yet."
    )


def _reconciliation_detail(source: SourceStatus) -> str:
    counts = source.reconciliation
    if not counts:
        return "not built (FDA's files are not loaded in this build)"
    return (
        f"in both {counts.get('both', 0):,}; openFDA only {counts.get('openfda only', 0):,}; "
        f"files only {counts.get('files only', 0):,} cases (table source_reconciliation, "
        "with the reason where it can be told)"
    )


def _fetched_detail(source: SourceStatus) -> str:
    first, last = source.first_fetched_at, source.last_fetched_at
    if last is None:
        return "not available"
    if first is None or first.date() == last.date():
        return timestamp(last)
    return f"between {timestamp(first)} and {timestamp(last)}"


def _quality_counts(quality: QualityStatus) -> str:
    if quality.status == "not available":
        return "(no data_quality table in this build)"
    parts = [f"{quality.passed:,} of {quality.expectations:,} expectations passed"]
    if quality.failed_warnings:
        parts.append(f"{quality.failed_warnings:,} warning(s)")
    if quality.failed_errors:
        parts.append(f"{quality.failed_errors:,} error(s)")
    return "(" + "; ".join(parts) + ")"


def _quality_detail(quality: QualityStatus, data_docs_available: bool) -> Html:
    docs = (
        tag(
            "p",
            join(
                [
                    "Validation details: ",
                    tag("a", "Great Expectations Data Docs", href=DATA_DOCS_HREF),
                ]
            ),
        )
        if data_docs_available
        else tag("p", "Great Expectations Data Docs: not available beside this site.")
    )
    if quality.status == "not available":
        return join(
            [
                tag(
                    "p",
                    join(
                        [
                            "Status: ",
                            tag("span", "not available", class_="dq dq-unknown"),
                            " (this build has no data_quality table).",
                        ]
                    ),
                ),
                docs,
            ]
        )
    summary = tag(
        "p",
        join(
            [
                "Status: ",
                tag("span", quality.status, class_=f"dq dq-{quality.status}"),
                f" — {quality.expectations:,} expectations in {quality.suites} suites, "
                f"validated {timestamp(quality.validated_at)}: {quality.passed:,} passed, "
                f"{quality.failed_warnings:,} warnings, {quality.failed_errors:,} errors. "
                "An error blocks publishing; a warning is shown here.",
            ]
        ),
    )
    failures = Html("")
    if quality.failures:
        rows = [
            (
                row["severity"],
                row["suite"],
                row["expectation"],
                row["column_name"] or "",
                row["observed_value"] or "",
            )
            for row in quality.failures
        ]
        failures = tag(
            "details",
            join(
                [
                    tag("summary", f"Failed expectations ({len(rows)})"),
                    table(
                        [
                            ("Severity", ""),
                            ("Suite", ""),
                            ("Expectation", ""),
                            ("Column", ""),
                            ("Observed", "wrap"),
                        ],
                        rows,
                        stack=True,
                    ),
                ]
            ),
        )
    return join([summary, failures, docs])
