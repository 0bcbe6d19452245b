"""The pages of the dashboard site: the overview and one page per effect category.

A page is HTML from ``templates/`` plus the Plotly figures of its charts, embedded as JSON.
Every chart and every block of numbers exists for each view (exposure x scope); the page's
script shows the one chosen with the controls. Views that would draw the same figure share
it, so a page carries each distinct figure once.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from ketamine_faers.dashboards import figures
from ketamine_faers.dashboards.figures import (
    CATEGORY_LABELS,
    CATEGORY_LONG_LABELS,
    EXPOSURE_LABELS,
    PRODUCT_COLOURS,
    SCOPE_LABELS,
    THRESHOLDS,
    Figure,
    index_rows,
)
from ketamine_faers.dashboards.markup import (
    Html,
    count,
    day,
    esc,
    join,
    percent,
    ratio,
    render,
    script_json,
    table,
    tag,
    timestamp,
)
from ketamine_faers.dashboards.site_data import (
    CATEGORIES,
    EXPOSURES,
    LATEST_REPORTS_PER_GROUP,
    PRODUCTS,
    SCOPES,
    QualityStatus,
    Row,
    SiteData,
    SourceStatus,
)

OPENFDA_DISCLAIMER = (
    "Do not rely on openFDA to make decisions regarding medical care. While we make every "
    "effort to ensure that data is accurate, you should assume all results are unvalidated."
)
OPENFDA_REPORT_QUERY = "https://api.fda.gov/drug/event.json?search=safetyreportid:%22{id}%22"
DATA_DOCS_HREF = "../data_docs/index.html"
DEFAULT_EXPOSURE = "any role"
DEFAULT_SCOPE = "narrow"
DRUGS_SHOWN = 8

INDEX_PAGE = "index.html"
CATEGORY_PAGES = {category: f"{category}.html" for category in CATEGORIES}


@dataclass(frozen=True)
class Page:
    filename: str
    html: str
    charts: tuple[str, ...]


@dataclass(frozen=True)
class BuildContext:
    """What every page says about the build, besides its own charts."""

    built_at: datetime
    data_docs_available: bool


def colour_css() -> str:
    """The product colours as CSS custom properties: one definition for charts and page."""
    return ":root{" + "".join(f"--{p}:{c};" for p, c in PRODUCT_COLOURS.items()) + "}"


def openfda_report_url(safetyreportid: str) -> str:
    """The openFDA query returning one report; never carries an API key."""
    return OPENFDA_REPORT_QUERY.format(id=quote(str(safetyreportid), safe=""))


def view_key(exposure: str, scope: str) -> str:
    return f"{exposure}|{scope}"


class ChartSet:
    """The charts of one page: for each chart, its distinct figures and which view shows
    which figure."""

    def __init__(self) -> None:
        self.specs: dict[str, dict[str, Any]] = {}

    def add(self, chart_id: str, make: Callable[[str, str], Figure]) -> str:
        figures_: list[Figure] = []
        seen: dict[str, int] = {}
        views: dict[str, int] = {}
        for exposure in EXPOSURES:
            for scope in SCOPES:
                figure = make(exposure, scope)
                key = json.dumps(figure, sort_keys=True, default=str)
                if key not in seen:
                    seen[key] = len(figures_)
                    figures_.append(figure)
                views[view_key(exposure, scope)] = seen[key]
        self.specs[chart_id] = {"figures": figures_, "views": views}
        return chart_id


def chart_legend(*, baseline: bool = False, signals: bool = False) -> Html:
    """The key of a chart in HTML, shown instead of Plotly's legend on narrow screens."""
    entries = [(f"key key-{product}", product) for product in PRODUCTS]
    if baseline:
        entries.append(("key key-baseline", "all reports of the product"))
    if signals:
        entries += [
            ("key key-diamond", "signal (ROR, PRR, IC)"),
            ("key key-circle", "ROR signal only"),
            ("key key-circle-open", "no ROR signal"),
        ]
    return join(tag("span", join([tag("span", "", class_=css), text])) for css, text in entries)


def chart_card(
    chart_id: str, label: str, caption: Any, *, wide: bool = False, legend: Html | None = None
) -> Html:
    return render(
        "chart.html",
        chart_id=chart_id,
        label=label,
        caption=caption,
        wide=Html(" chart-wide" if wide else ""),
        legend=legend if legend is not None else chart_legend(),
    )


def view_blocks(make: Callable[[str, str], Html], css: str = "") -> Html:
    """One block of markup per view; the page script shows the chosen one. Views that give
    the same markup share one block ("exposure|*" when the scope does not matter)."""
    blocks = []
    for exposure in EXPOSURES:
        by_scope = {scope: make(exposure, scope) for scope in SCOPES}
        if len(set(by_scope.values())) == 1:
            blocks.append((f"{exposure}|*", by_scope[SCOPES[0]]))
        else:
            blocks.extend((view_key(exposure, scope), markup) for scope, markup in by_scope.items())
    default = view_key(DEFAULT_EXPOSURE, DEFAULT_SCOPE)
    return join(
        tag(
            "div",
            markup,
            class_=("view " + css).strip(),
            data_view=key,
            hidden=not _view_matches(key, default),
        )
        for key, markup in blocks
    )


def _view_matches(pattern: str, key: str) -> bool:
    return all(p in ("*", k) for p, k in zip(pattern.split("|"), key.split("|"), strict=True))


# --- shared parts of every page --------------------------------------------------------------


def _nav(current: str) -> Html:
    links = [(INDEX_PAGE, "Overview")] + [
        (CATEGORY_PAGES[category], CATEGORY_LABELS[category]) for category in CATEGORIES
    ]
    return join(
        tag("a", label, href=href, aria_current="page" if href == current else None)
        for href, label in links
    )


def _synthetic_banner(source: SourceStatus) -> Html:
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


def _page(
    data: SiteData,
    context: BuildContext,
    *,
    filename: str,
    page_name: str,
    title: str,
    heading: str,
    content: Html,
    charts: ChartSet,
    controls: bool = True,
) -> Page:
    source, quality = data.source, data.quality
    status_strip = render(
        "status_strip.html",
        source=_source_short(source),
        fetched=timestamp(source.last_fetched_at),
        last_updated=day(source.source_last_updated),
        quality_status=quality.status,
        quality_class=quality.status.replace(" ", "-"),
        quality_counts=_quality_counts(quality),
    )
    footer = render(
        "footer.html",
        source_detail=_source_detail(source),
        fetched_detail=_fetched_detail(source),
        last_updated=day(source.source_last_updated),
        quarters=(
            f"{source.quarters_fetched:,} quarters, {source.records:,} records"
            if source.from_table == "source_fetches"
            else f"{source.quarters_fetched:,} quarters with reports"
        ),
        built_at=timestamp(context.built_at),
        quality_detail=_quality_detail(quality, context.data_docs_available),
        disclaimer=OPENFDA_DISCLAIMER,
    )
    controls_html = (
        render(
            "controls.html",
            any_role_checked=Html(" checked" if DEFAULT_EXPOSURE == "any role" else ""),
            suspect_checked=Html(" checked" if DEFAULT_EXPOSURE == "suspect only" else ""),
            narrow_checked=Html(" checked" if DEFAULT_SCOPE == "narrow" else ""),
            broad_checked=Html(" checked" if DEFAULT_SCOPE == "broad" else ""),
        )
        if controls
        else Html("")
    )
    page_data = {
        "page": page_name,
        "defaults": {"exposure": DEFAULT_EXPOSURE, "scope": DEFAULT_SCOPE},
        "charts": charts.specs,
        "synthetic": source.synthetic,
    }
    html = render(
        "page.html",
        title=title,
        heading=heading,
        page_name=page_name,
        colour_css=Html(colour_css()),
        nav=_nav(filename),
        synthetic_banner=_synthetic_banner(source),
        status_strip=status_strip,
        disclaimer=OPENFDA_DISCLAIMER,
        controls=controls_html,
        content=content,
        footer=footer,
        page_data=script_json(page_data),
    )
    return Page(filename, str(html), tuple(charts.specs))


def _section(title: str, body: Any, *, section_id: str, intro: Any = None) -> Html:
    parts = [tag("h2", title, id=f"{section_id}-title")]
    if intro is not None:
        parts.append(tag("p", intro, class_="section-intro"))
    parts.append(body)
    return tag("section", join(parts), aria_labelledby=f"{section_id}-title", class_="section")


def _grid(*cards: Html, columns: int = 2) -> Html:
    return tag("div", join(cards), class_=f"chart-grid chart-grid-{columns}")


def _view_sentence(exposure: str, scope: str, *, scope_matters: bool = True) -> str:
    text = f"Counting {EXPOSURE_LABELS[exposure]}"
    if scope_matters:
        text += f", {SCOPE_LABELS[scope]}"
    return text + "; probable duplicates left out."


def _product_badge(product: str) -> Html:
    return tag("span", product, class_=f"badge badge-{product}")


# --- totals used by the cards -----------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    category_reports: dict[tuple[str, str, str, str], int]
    product_reports: dict[tuple[str, str], int]

    @classmethod
    def of(cls, data: SiteData) -> Totals:
        category_reports: dict[tuple[str, str, str, str], int] = defaultdict(int)
        for row in data.effects_by_quarter:
            key = (row["product"], row["exposure"], row["category"], row["scope"])
            category_reports[key] += int(row["reports"])
        product_reports = {key: int(row["reports"]) for key, row in data.product_totals.items()}
        return cls(dict(category_reports), product_reports)

    def share(self, product: str, exposure: str, category: str, scope: str) -> float | None:
        total = self.product_reports.get((product, exposure), 0)
        if not total:
            return None
        return self.category_reports.get((product, exposure, category, scope), 0) / total


def _signal_row(signals: list[Row], **match: Any) -> Row | None:
    for row in signals:
        if all(row[key] == value for key, value in match.items()):
            return row
    return None


def _signal_verdict(row: Row | None) -> Html:
    if row is None:
        return tag("span", "not computed", class_="verdict verdict-none")
    flags = [
        name
        for name, key in (("ROR", "signal_ror"), ("PRR", "signal_prr"), ("IC", "signal_ic"))
        if row[key]
    ]
    if row["signal"]:
        return tag("span", "signal (ROR, PRR and IC)", class_="verdict verdict-signal")
    if flags:
        return tag("span", "signal by " + ", ".join(flags), class_="verdict verdict-partial")
    return tag("span", "no signal", class_="verdict verdict-none")


def _ror_text(row: Row | None) -> str:
    if row is None:
        return "–"
    return f"{ratio(row['ror'])} ({ratio(row['ror_lower'])}–{ratio(row['ror_upper'])})"


def _ror_kpi(row: Row | None) -> Html:
    if row is None:
        return esc("–")
    interval = f"({ratio(row['ror_lower'])}–{ratio(row['ror_upper'])})"
    return join([ratio(row["ror"]), " ", tag("small", interval)])


def _prr_text(row: Row | None) -> str:
    if row is None:
        return "–"
    return f"{ratio(row['prr'])} ({ratio(row['prr_lower'])}–{ratio(row['prr_upper'])})"


def _ic025_text(row: Row | None) -> str:
    if row is None or row["ic025"] is None:
        return "–"
    return f"{float(row['ic025']):+.2f}"


def _thresholds_note() -> Html:
    items = join(tag("li", join([tag("strong", name), ": ", rule])) for name, rule in THRESHOLDS)
    return tag(
        "div",
        join(
            [
                tag("p", "Signal thresholds (the same for both products):"),
                tag("ul", items),
                tag(
                    "p",
                    "a = reports with the product and the event; the comparator is every other "
                    "FAERS report in the same window (openFDA counts). A zero cell is corrected "
                    "by adding 0.5 to every cell. ROR 95% CI by Woolf's method.",
                ),
            ]
        ),
        class_="thresholds",
    )


def _signals_table(rows: list[tuple[str, str, Row]], caption: str) -> Html:
    return table(
        [
            ("Event", ""),
            ("Product", ""),
            ("a (reports)", "num"),
            ("ROR (95% CI)", "num"),
            ("PRR (95% CI)", "num"),
            ("Chi-square", "num"),
            ("IC025", "num"),
            ("Verdict", ""),
        ],
        [
            (
                label,
                _product_badge(product),
                count(row["a"]),
                _ror_text(row),
                _prr_text(row),
                ratio(row["chi_square"]),
                _ic025_text(row),
                _signal_verdict(row),
            )
            for label, product, row in rows
        ],
        caption=caption,
        stack=True,
    )


# --- the overview ---------------------------------------------------------------------------


def index_page(data: SiteData, context: BuildContext) -> Page:
    totals = Totals.of(data)
    by_quarter = index_rows(data.effects_by_quarter, "product", "exposure", "category", "scope")
    charts = ChartSet()
    charts.add(
        "product_reports",
        lambda exposure, scope: figures.product_reports_per_quarter(by_quarter, exposure=exposure),
    )
    for category in CATEGORIES:
        charts.add(
            f"share_{category}",
            lambda exposure, scope, category=category: figures.quarterly_reports(
                by_quarter, category=category, exposure=exposure, scope=scope, measure="share"
            ),
        )
    charts.add(
        "signal_summary",
        lambda exposure, scope: figures.forest_plot(
            data.signals,
            exposure=exposure,
            scope=scope,
            category=None,
            title="Disproportionality by category (ROR, 95% CI)",
        ),
    )

    cards = view_blocks(lambda e, s: _product_cards(data, totals, e, s), css="cards")
    over_time = _section(
        "Over time",
        join(
            [
                _grid(
                    chart_card(
                        "product_reports",
                        "All reports of each product per quarter",
                        "All reports of each product received per quarter: the denominator of "
                        "every share. Probable duplicates left out.",
                        wide=True,
                    )
                ),
                _grid(
                    *(
                        chart_card(
                            f"share_{category}",
                            f"{CATEGORY_LABELS[category]}: share of each product's reports "
                            "per quarter",
                            join(
                                [
                                    "Share of each product's reports per quarter with a "
                                    f"{CATEGORY_LABELS[category].lower()} term. ",
                                    tag("a", "Details", href=CATEGORY_PAGES[category]),
                                ]
                            ),
                        )
                        for category in CATEGORIES
                    ),
                    columns=3,
                ),
            ]
        ),
        section_id="over-time",
        intro="The three effects over time, for ketamine and esketamine.",
    )
    signal_tables = view_blocks(
        lambda e, s: _signals_table(
            [
                (CATEGORY_LONG_LABELS[category], product, row)
                for category in CATEGORIES
                for product in PRODUCTS
                if (
                    row := _signal_row(
                        data.signals,
                        product=product,
                        exposure=e,
                        level="category",
                        category=category,
                        scope=s,
                    )
                )
                is not None
            ],
            f"Whole period, {EXPOSURE_LABELS[e]}, {SCOPE_LABELS[s]}.",
        )
    )
    signals = _section(
        "Signal summary",
        join(
            [
                _grid(
                    chart_card(
                        "signal_summary",
                        "Reporting odds ratio of each effect category with its 95% CI",
                        "Reporting odds ratio of each category against all other FAERS reports "
                        "over the whole period, with its 95% confidence interval, on a log "
                        "scale. Right of the dashed line (ROR = 1): reported more often than "
                        "with other drugs.",
                        wide=True,
                        legend=chart_legend(signals=True),
                    )
                ),
                _thresholds_note(),
                signal_tables,
            ]
        ),
        section_id="signals",
        intro="Is each effect reported more often with the product than with all other drugs?",
    )
    names = _section(
        "How the reports name the products",
        _product_names_table(data.product_names),
        section_id="names",
        intro="Every drug name, as typed on the reports, that the pipeline recognised as "
        "ketamine or esketamine, with the number of reports using it (probable duplicates "
        "included).",
    )
    intro = tag(
        "p",
        "Reports to the FDA Adverse Event Reporting System (FAERS) that name ketamine (the "
        "racemate, e.g. Ketalar) or esketamine (the S-enantiomer, Spravato), and how many of "
        "them describe dissociation, raised blood pressure or cognitive effects. The two "
        "medicines are always counted apart.",
        class_="lead",
    )
    content = join([intro, cards, over_time, signals, names])
    return _page(
        data,
        context,
        filename=INDEX_PAGE,
        page_name="index",
        title="Ketamine and esketamine in FAERS: overview",
        heading="Ketamine and esketamine in FAERS",
        content=content,
        charts=charts,
    )


def _product_cards(data: SiteData, totals: Totals, exposure: str, scope: str) -> Html:
    cards = []
    for product in PRODUCTS:
        total = data.product_totals.get((product, exposure))
        rows = []
        for category in CATEGORIES:
            reports = totals.category_reports.get((product, exposure, category, scope), 0)
            signal = _signal_row(
                data.signals,
                product=product,
                exposure=exposure,
                level="category",
                category=category,
                scope=scope,
            )
            rows.append(
                tag(
                    "tr",
                    join(
                        [
                            tag(
                                "th",
                                tag("a", CATEGORY_LABELS[category], href=CATEGORY_PAGES[category]),
                                scope="row",
                            ),
                            tag("td", count(reports), class_="num"),
                            tag(
                                "td",
                                percent(totals.share(product, exposure, category, scope)),
                                class_="num",
                            ),
                            tag("td", _signal_verdict(signal)),
                        ]
                    ),
                )
            )
        head = tag(
            "thead",
            tag(
                "tr",
                join(
                    [
                        tag("th", "Effect", scope="col"),
                        tag("th", "Reports", scope="col", class_="num"),
                        tag("th", "Share", scope="col", class_="num"),
                        tag("th", "Signal", scope="col"),
                    ]
                ),
            ),
        )
        span = f"{total['first_quarter']} to {total['last_quarter']}" if total else "no reports"
        cards.append(
            tag(
                "article",
                join(
                    [
                        tag("h2", product, class_="card-title"),
                        tag(
                            "p",
                            join(
                                [
                                    tag(
                                        "span",
                                        count(total["reports"] if total else 0),
                                        class_="big",
                                    ),
                                    f" {EXPOSURE_LABELS[exposure]}, {span}",
                                ]
                            ),
                        ),
                        tag(
                            "div",
                            tag("table", join([head, tag("tbody", join(rows))]), class_="mini"),
                            class_="table-scroll",
                        ),
                        tag("p", f"Effects: {SCOPE_LABELS[scope]}.", class_="note"),
                    ]
                ),
                class_=f"card card-{product}",
            )
        )
    return join(cards)


def _product_names_table(rows: list[Row]) -> Html:
    return table(
        [("Product", ""), ("Name as reported (medicinal_product)", "wrap"), ("Reports", "num")],
        [
            (_product_badge(row["product"]), row["medicinal_product"], count(row["reports"]))
            for row in rows
        ],
        caption="Drug names on the reports mapped to each product.",
    )


# --- category pages ---------------------------------------------------------------------------

PROFILE_CHARTS = (
    # chart, title, axis title, max labels
    ("seriousness", "Seriousness", "% of the category's reports", None),
    ("outcomes", "Outcome of the reactions", "% of the category's reports", None),
    ("routes", "Route of administration", "% of the category's reports", 8),
    ("reporters", "Who reported", "% of the category's reports", None),
    ("sex", "Sex of the patient", "% of the category's reports", None),
    ("age_groups", "Age group of the patient", "% of the category's reports", None),
)

PROFILE_CAPTIONS = {
    "seriousness": "Share of the category's reports flagged serious and meeting each FAERS "
    "seriousness criterion (criteria overlap).",
    "outcomes": "Outcome FAERS records for the category's own reactions; a report with two "
    "outcomes counts under both.",
    "routes": "Route of the product's own drug entries on the category's reports (up to 8 "
    "most frequent); a report can have several.",
    "reporters": "Qualification of the person who reported.",
    "sex": "Sex of the patient as reported.",
    "age_groups": "Age group as reported, or derived from the reported age.",
}


def category_page(data: SiteData, context: BuildContext, category: str) -> Page:
    label = CATEGORY_LABELS[category]
    long_label = CATEGORY_LONG_LABELS[category]
    lower = label.lower()
    totals = Totals.of(data)
    by_quarter = index_rows(data.effects_by_quarter, "product", "exposure", "category", "scope")
    by_profile = index_rows(data.profiles, "chart", "product", "exposure", "category", "scope")
    by_terms = index_rows(data.ranked_terms, "chart", "product", "exposure", "category", "scope")
    charts = ChartSet()

    for measure in ("reports", "share"):
        charts.add(
            f"quarterly_{measure}",
            lambda e, s, measure=measure: figures.quarterly_reports(
                by_quarter, category=category, exposure=e, scope=s, measure=measure
            ),
        )
    for chart, title, axis_title, max_labels in PROFILE_CHARTS:
        charts.add(
            chart,
            lambda e, s, chart=chart, title=title, axis_title=axis_title, max_labels=max_labels: (
                figures.profile_bars(
                    by_profile,
                    chart=chart,
                    category=category,
                    exposure=e,
                    scope=s,
                    title=f"{title}: {lower} reports",
                    axis_title=axis_title,
                    max_labels=max_labels,
                )
            ),
        )
    charts.add(
        "top_terms",
        lambda e, s: figures.term_bars(
            by_terms,
            chart="top_terms",
            category=category,
            exposure=e,
            scope=s,
            title=f"Most reported {lower} terms",
            axis_title="% of the product's reports in the category",
            max_terms=15,
        ),
    )
    charts.add(
        "co_reported_terms",
        lambda e, s: figures.term_bars(
            by_terms,
            chart="co_reported_terms",
            category=category,
            exposure=e,
            scope=s,
            title="Other terms on these reports",
            axis_title="% of the product's reports in the category",
            max_terms=12,
        ),
    )
    charts.add(
        "forest",
        lambda e, s: figures.forest_plot(
            data.signals,
            exposure=e,
            scope=s,
            category=category,
            title=f"{label}: disproportionality (ROR, 95% CI)",
        ),
    )

    intro = join(
        [
            tag(
                "p",
                f"Reports of ketamine and of esketamine with at least one {lower} term among "
                "their reactions (MedDRA preferred terms, whole-term match). Use the controls "
                "to count reports where the product is a suspect drug only, or to widen the "
                "terms from the core (narrow) list to core and related (broad) terms.",
                class_="lead",
            ),
            _term_lists(data, category),
        ]
    )
    cards = view_blocks(lambda e, s: _category_cards(data, totals, category, e, s), css="cards")
    over_time = _section(
        "Over time",
        _grid(
            chart_card(
                "quarterly_reports",
                f"{label} reports per quarter",
                f"Reports per quarter (by the date FDA received them) with a {lower} term.",
            ),
            chart_card(
                "quarterly_share",
                f"{label}: share of the product's reports per quarter",
                "Those reports as a share of all the product's reports in the quarter. "
                "Quarters without any report of a product are not drawn.",
            ),
        ),
        section_id="over-time",
    )
    profile = _section(
        "Seriousness and outcomes",
        _grid(
            *(
                chart_card(
                    chart, title, _profile_caption(chart), legend=chart_legend(baseline=True)
                )
                for chart, title, _, _ in PROFILE_CHARTS[:2]
            )
        ),
        section_id="seriousness",
        intro="Bars: the category's reports. Black ticks: the same share among all the "
        "product's reports, for comparison.",
    )
    people = _section(
        "Route, reporters and patients",
        _grid(
            *(
                chart_card(
                    chart, title, _profile_caption(chart), legend=chart_legend(baseline=True)
                )
                for chart, title, _, _ in PROFILE_CHARTS[2:]
            )
        ),
        section_id="people",
        intro="Bars: the category's reports. Black ticks: all the product's reports.",
    )
    terms = _section(
        "Terms",
        _grid(
            chart_card(
                "top_terms",
                f"Most reported {lower} terms",
                "The category's terms by the number of reports carrying them (top 15), as a "
                "share of the product's reports in the category; a report with two terms "
                "counts under both.",
            ),
            chart_card(
                "co_reported_terms",
                "Other terms on these reports",
                "Reaction terms outside the category most often reported on the same reports "
                "(top 12).",
            ),
        ),
        section_id="terms",
    )
    signal_tables = view_blocks(lambda e, s: _category_signal_table(data, category, e, s))
    disproportionality = _section(
        "Disproportionality against all other FAERS reports",
        join(
            [
                _grid(
                    chart_card(
                        "forest",
                        f"{label}: reporting odds ratio per term with its 95% CI",
                        "Reporting odds ratio (ROR) with its 95% confidence interval over the "
                        "whole period, log scale: the category as a whole, then each term with "
                        "at least one report. The dashed line is ROR = 1 (reported as often as "
                        "with other drugs). Marker shape: diamond = signal by ROR, PRR and IC; "
                        "filled circle = ROR signal only; open circle = no ROR signal.",
                        wide=True,
                        legend=chart_legend(signals=True),
                    )
                ),
                _thresholds_note(),
                tag(
                    "details",
                    join([tag("summary", "The numbers behind the plot"), signal_tables]),
                ),
            ]
        ),
        section_id="disproportionality",
    )
    latest = _section(
        "Latest serious reports",
        view_blocks(lambda e, s: _latest_reports(data, category, e, s), css="report-tables"),
        section_id="latest",
        intro=f"The {LATEST_REPORTS_PER_GROUP} most recently received serious reports of each "
        f"product with a {lower} term. Each id opens the report in openFDA's API (a JSON "
        "document, on the internet).",
    )
    content = join([intro, cards, over_time, profile, people, terms, disproportionality, latest])
    return _page(
        data,
        context,
        filename=CATEGORY_PAGES[category],
        page_name=category,
        title=f"{long_label}: ketamine and esketamine in FAERS",
        heading=f"{long_label} with ketamine and esketamine",
        content=content,
        charts=charts,
    )


def _profile_caption(chart: str) -> str:
    return PROFILE_CAPTIONS[chart]


def _term_lists(data: SiteData, category: str) -> Html:
    items = []
    for scope in SCOPES:
        terms = data.term_lists.get((category, scope), [])
        name = "Core terms (narrow)" if scope == "narrow" else "Related terms (added in broad)"
        items.append(tag("p", join([tag("strong", name), ": ", ", ".join(terms) or "none"])))
    return tag(
        "details",
        join([tag("summary", "Which terms count"), *items]),
        class_="terms-list",
    )


def _category_cards(
    data: SiteData, totals: Totals, category: str, exposure: str, scope: str
) -> Html:
    lower = CATEGORY_LABELS[category].lower()
    cards = []
    for product in PRODUCTS:
        reports = totals.category_reports.get((product, exposure, category, scope), 0)
        product_reports = totals.product_reports.get((product, exposure), 0)
        serious = next(
            (
                row
                for row in data.profiles
                if row["chart"] == "seriousness"
                and row["label"] == "serious"
                and row["product"] == product
                and row["exposure"] == exposure
                and row["category"] == category
                and row["scope"] == scope
            ),
            None,
        )
        signal = _signal_row(
            data.signals,
            product=product,
            exposure=exposure,
            level="category",
            category=category,
            scope=scope,
        )
        facts = [
            (f"reports with a {lower} term", count(reports)),
            (
                f"of the product's {count(product_reports)} reports",
                percent(totals.share(product, exposure, category, scope)),
            ),
            ("of them serious", percent(serious["share"]) if serious else "–"),
            ("ROR (95% CI)", _ror_kpi(signal)),
        ]
        cards.append(
            tag(
                "article",
                join(
                    [
                        tag("h2", product, class_="card-title"),
                        tag(
                            "dl",
                            join(
                                tag("div", join([tag("dd", value), tag("dt", name)]))
                                for name, value in facts
                            ),
                            class_="kpis",
                        ),
                        tag("p", _signal_verdict(signal)),
                    ]
                ),
                class_=f"card card-{product}",
            )
        )
    return join(cards)


def _category_signal_table(data: SiteData, category: str, exposure: str, scope: str) -> Html:
    rows = []
    for label, by_product in figures.forest_rows(
        data.signals, exposure=exposure, scope=scope, category=category
    ):
        for product in PRODUCTS:
            if product in by_product:
                rows.append((label, product, by_product[product]))
    return _signals_table(
        rows,
        f"Whole period, {EXPOSURE_LABELS[exposure]}, {SCOPE_LABELS[scope]}. Terms without "
        "any report of the product are left out.",
    )


def _latest_reports(data: SiteData, category: str, exposure: str, scope: str) -> Html:
    tables = []
    for product in PRODUCTS:
        rows = [
            row
            for row in data.latest_serious
            if row["product"] == product
            and row["exposure"] == exposure
            and row["category"] == category
            and row["scope"] == scope
        ]
        body = (
            table(
                [
                    ("Report", "nowrap"),
                    ("Received", "nowrap"),
                    ("Terms", "wrap"),
                    ("Drugs as reported (role)", "wrap"),
                ],
                [
                    (
                        tag(
                            "a",
                            row["safetyreportid"],
                            href=openfda_report_url(row["safetyreportid"]),
                            rel="external noopener noreferrer",
                            class_="report-link",
                        ),
                        day(row["receive_date"]),
                        ", ".join(row["terms"] or []),
                        _drug_list(row["drugs"] or [], product),
                    )
                    for row in rows
                ],
                stack=True,
            )
            if rows
            else tag("p", "No serious report in this selection.", class_="note")
        )
        tables.append(
            tag(
                "div",
                join([tag("h3", join([_product_badge(product), " latest serious reports"])), body]),
                class_=f"report-table report-table-{product}",
            )
        )
    return join(tables)


def _drug_list(drugs: list[dict], product: str) -> Html:
    items = []
    for drug in drugs[:DRUGS_SHOWN]:
        text = f"{drug['name'] or 'unnamed'} ({drug['role'] or 'role not reported'})"
        items.append(tag("strong", text) if drug.get("product") == product else esc(text))
    if len(drugs) > DRUGS_SHOWN:
        items.append(esc(f"and {len(drugs) - DRUGS_SHOWN} more"))
    return join(items, "; ")


def build_pages(data: SiteData, context: BuildContext) -> list[Page]:
    return [index_page(data, context)] + [
        category_page(data, context, category) for category in CATEGORIES
    ]
