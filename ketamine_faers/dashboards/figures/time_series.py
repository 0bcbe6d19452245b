"""Charts over time: one line per product per quarter, by the date FDA received the report."""

from __future__ import annotations

from typing import Any

from ketamine_faers.dashboards.figures.layout import Figure, base_layout, no_data
from ketamine_faers.dashboards.labels import CATEGORY_LABELS, PRODUCT_COLOURS
from ketamine_faers.dashboards.site_data import Row
from ketamine_faers.vocabulary import CATEGORIES, PRODUCTS


def _quarter_axis() -> dict[str, Any]:
    return {"type": "date", "hoverformat": "%Y Q%q", "tickformat": "%Y"}


def quarterly_reports(
    by_quarter: dict[tuple, list[Row]],
    *,
    category: str,
    exposure: str,
    scope: str,
    measure: str,
) -> Figure:
    """Reports in ``category`` per quarter (``measure`` 'reports') or their share of the
    product's reports (``measure`` 'share'), one line per product."""
    label = CATEGORY_LABELS[category]
    traces = []
    for product in PRODUCTS:
        rows = by_quarter.get((product, exposure, category, scope), [])
        if measure == "share":
            y = [round(100 * row["share"], 4) for row in rows]
            hover = (
                "%{fullData.name}: %{y:.1f}% (%{customdata[1]:,} of %{customdata[2]:,} "
                "reports)<extra></extra>"
            )
        else:
            y = [int(row["reports"]) for row in rows]
            hover = (
                "%{fullData.name}: %{y:,} reports (of %{customdata[2]:,} reports of the "
                "product)<extra></extra>"
            )
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers" if len(rows) < 12 else "lines",
                "name": product,
                "meta": {"product": product, "chart": f"quarterly_{measure}"},
                "x": [row["quarter_start"].isoformat() for row in rows],
                "y": y,
                "customdata": [
                    [row["quarter"], int(row["reports"]), int(row["product_reports"])]
                    for row in rows
                ],
                "hovertemplate": hover,
                "line": {"color": PRODUCT_COLOURS[product], "width": 2},
                "marker": {"color": PRODUCT_COLOURS[product], "size": 5},
            }
        )
    if measure == "share":
        title = f"{label}: share of the product's reports"
        y_title = "% of the product's reports"
        y_axis: dict[str, Any] = {"ticksuffix": "%", "rangemode": "tozero"}
    else:
        title = f"{label}: reports per quarter"
        y_title = "Reports (count)"
        y_axis = {"rangemode": "tozero", "separatethousands": True}
    layout = base_layout(
        title,
        "Quarter FDA received the report",
        y_title,
        height=340,
        xaxis=_quarter_axis(),
        yaxis=y_axis,
        hovermode="x unified",
    )
    return no_data({"data": traces, "layout": layout})


def product_reports_per_quarter(by_quarter: dict[tuple, list[Row]], *, exposure: str) -> Figure:
    """All reports of each product per quarter (the denominators of every share)."""
    traces = []
    for product in PRODUCTS:
        # product_reports is repeated on every category row: take one category.
        rows = by_quarter.get((product, exposure, CATEGORIES[0], "broad"), [])
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": product,
                "meta": {"product": product, "chart": "product_reports"},
                "x": [row["quarter_start"].isoformat() for row in rows],
                "y": [int(row["product_reports"]) for row in rows],
                "customdata": [[row["quarter"]] for row in rows],
                "hovertemplate": "%{fullData.name}: %{y:,} reports<extra></extra>",
                "line": {"color": PRODUCT_COLOURS[product], "width": 2},
            }
        )
    layout = base_layout(
        "All reports of each product per quarter",
        "Quarter FDA received the report",
        "Reports (count)",
        height=340,
        xaxis=_quarter_axis(),
        yaxis={"rangemode": "tozero", "separatethousands": True},
        hovermode="x unified",
    )
    return no_data({"data": traces, "layout": layout})
