"""The overview page (``index.html``): both products' cards, the three effects over time,
the signal summary and the product names as reported."""

from __future__ import annotations

from ketamine_faers.dashboards import figures
from ketamine_faers.dashboards.labels import (
    CATEGORY_LABELS,
    CATEGORY_LONG_LABELS,
    EXPOSURE_LABELS,
    SCOPE_LABELS,
)
from ketamine_faers.dashboards.markup import Html, count, join, percent, table, tag
from ketamine_faers.dashboards.pages.frame import (
    CATEGORY_PAGES,
    INDEX_PAGE,
    BuildContext,
    Page,
    framed_page,
)
from ketamine_faers.dashboards.pages.sections import (
    chart_card,
    chart_legend,
    grid,
    product_badge,
    section,
)
from ketamine_faers.dashboards.pages.signals import (
    signal_row,
    signal_verdict,
    signals_table,
    thresholds_note,
)
from ketamine_faers.dashboards.pages.totals import Totals
from ketamine_faers.dashboards.pages.views import ChartSet, ViewFigure, view_blocks
from ketamine_faers.dashboards.site_data import Row, SiteData, index_rows
from ketamine_faers.vocabulary import CATEGORIES, PRODUCTS


def index_page(data: SiteData, context: BuildContext) -> Page:
    """The overview: what both products' reports say about all three effects."""
    totals = Totals.of(data)
    by_quarter = index_rows(data.effects_by_quarter, "product", "exposure", "category", "scope")
    charts = ChartSet()
    charts.add(
        "product_reports",
        lambda exposure, scope: figures.product_reports_per_quarter(by_quarter, exposure=exposure),
    )
    for category in CATEGORIES:
        charts.add(f"share_{category}", _share_chart(by_quarter, category))
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
    over_time = section(
        "Over time",
        join(
            [
                grid(
                    chart_card(
                        "product_reports",
                        "All reports of each product per quarter",
                        "All reports of each product received per quarter: the denominator of "
                        "every share. Probable duplicates left out.",
                        wide=True,
                    )
                ),
                grid(
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
        lambda e, s: signals_table(
            [
                (CATEGORY_LONG_LABELS[category], product, row)
                for category in CATEGORIES
                for product in PRODUCTS
                if (
                    row := signal_row(
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
    signals = section(
        "Signal summary",
        join(
            [
                grid(
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
                thresholds_note(),
                signal_tables,
            ]
        ),
        section_id="signals",
        intro="Is each effect reported more often with the product than with all other drugs?",
    )
    names = section(
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
    return framed_page(
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
            signal = signal_row(
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
                            tag("td", signal_verdict(signal)),
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
            (product_badge(row["product"]), row["medicinal_product"], count(row["reports"]))
            for row in rows
        ],
        caption="Drug names on the reports mapped to each product.",
    )


def _share_chart(by_quarter: dict[tuple, list[Row]], category: str) -> ViewFigure:
    """The category's share of each product's reports per quarter, for any view."""
    return lambda exposure, scope: figures.quarterly_reports(
        by_quarter, category=category, exposure=exposure, scope=scope, measure="share"
    )
