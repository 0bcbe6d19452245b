"""The building blocks of page content: sections, chart grids, chart cards with their HTML
legend, and the product badge."""

from __future__ import annotations

from typing import Any

from ketamine_faers.dashboards.markup import Html, join, render, tag
from ketamine_faers.vocabulary import PRODUCTS


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


def section(title: str, body: Any, *, section_id: str, intro: Any = None) -> Html:
    parts = [tag("h2", title, id=f"{section_id}-title")]
    if intro is not None:
        parts.append(tag("p", intro, class_="section-intro"))
    parts.append(body)
    return tag("section", join(parts), aria_labelledby=f"{section_id}-title", class_="section")


def grid(*cards: Html, columns: int = 2) -> Html:
    return tag("div", join(cards), class_=f"chart-grid chart-grid-{columns}")


def product_badge(product: str) -> Html:
    return tag("span", product, class_=f"badge badge-{product}")
