"""The page of one effect category: ketamine and esketamine side by side, over time, by
seriousness, outcome, route, reporter and patient, by term, by disproportionality, and the
latest serious reports."""

from __future__ import annotations

from ketamine_faers.dashboards import figures
from ketamine_faers.dashboards.labels import (
    CATEGORY_LABELS,
    CATEGORY_LONG_LABELS,
    EXPOSURE_LABELS,
    SCOPE_LABELS,
)
from ketamine_faers.dashboards.markup import Html, count, join, percent, tag
from ketamine_faers.dashboards.pages.frame import CATEGORY_PAGES, BuildContext, Page, framed_page
from ketamine_faers.dashboards.pages.latest_reports import latest_reports
from ketamine_faers.dashboards.pages.sections import chart_card, chart_legend, grid, section
from ketamine_faers.dashboards.pages.signals import (
    ror_kpi,
    signal_row,
    signal_verdict,
    signals_table,
    thresholds_note,
)
from ketamine_faers.dashboards.pages.totals import Totals
from ketamine_faers.dashboards.pages.views import ChartSet, ViewFigure, view_blocks
from ketamine_faers.dashboards.site_data import (
    LATEST_REPORTS_PER_GROUP,
    SCOPES,
    Row,
    SiteData,
    index_rows,
)
from ketamine_faers.vocabulary import PRODUCTS

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
    """The page of ``category``, with both products side by side in every section."""
    label = CATEGORY_LABELS[category]
    long_label = CATEGORY_LONG_LABELS[category]
    lower = label.lower()
    totals = Totals.of(data)
    by_quarter = index_rows(data.effects_by_quarter, "product", "exposure", "category", "scope")
    by_profile = index_rows(data.profiles, "chart", "product", "exposure", "category", "scope")
    by_terms = index_rows(data.ranked_terms, "chart", "product", "exposure", "category", "scope")
    charts = ChartSet()
    for measure in ("reports", "share"):
        charts.add(f"quarterly_{measure}", _quarterly_chart(by_quarter, category, measure))
    for chart, title, axis_title, max_labels in PROFILE_CHARTS:
        charts.add(
            chart,
            _profile_chart(
                by_profile,
                chart=chart,
                category=category,
                title=f"{title}: {lower} reports",
                axis_title=axis_title,
                max_labels=max_labels,
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
    over_time = section(
        "Over time",
        grid(
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
    profile = section(
        "Seriousness and outcomes",
        grid(
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
    people = section(
        "Route, reporters and patients",
        grid(
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
    terms = section(
        "Terms",
        grid(
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
    disproportionality = section(
        "Disproportionality against all other FAERS reports",
        join(
            [
                grid(
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
                thresholds_note(),
                tag(
                    "details",
                    join([tag("summary", "The numbers behind the plot"), signal_tables]),
                ),
            ]
        ),
        section_id="disproportionality",
    )
    latest = section(
        "Latest serious reports",
        view_blocks(lambda e, s: latest_reports(data, category, e, s), css="report-tables"),
        section_id="latest",
        intro=f"The {LATEST_REPORTS_PER_GROUP} most recently received serious reports of each "
        f"product with a {lower} term. Each id opens the report in openFDA's API (a JSON "
        "document, on the internet).",
    )
    content = join([intro, cards, over_time, profile, people, terms, disproportionality, latest])
    return framed_page(
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
        signal = signal_row(
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
            ("ROR (95% CI)", ror_kpi(signal)),
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
                        tag("p", signal_verdict(signal)),
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
    return signals_table(
        rows,
        f"Whole period, {EXPOSURE_LABELS[exposure]}, {SCOPE_LABELS[scope]}. Terms without "
        "any report of the product are left out.",
    )


def _quarterly_chart(by_quarter: dict[tuple, list[Row]], category: str, measure: str) -> ViewFigure:
    """The category's reports (``measure`` 'reports') or share per quarter, for any view."""
    return lambda exposure, scope: figures.quarterly_reports(
        by_quarter, category=category, exposure=exposure, scope=scope, measure=measure
    )


def _profile_chart(
    by_profile: dict[tuple, list[Row]],
    *,
    chart: str,
    category: str,
    title: str,
    axis_title: str,
    max_labels: int | None,
) -> ViewFigure:
    """One profile chart of the category, beside the product's baseline, for any view."""
    return lambda exposure, scope: figures.profile_bars(
        by_profile,
        chart=chart,
        category=category,
        exposure=exposure,
        scope=scope,
        title=title,
        axis_title=axis_title,
        max_labels=max_labels,
    )
