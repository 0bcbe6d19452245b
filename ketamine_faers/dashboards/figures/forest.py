"""The forest plot: the reporting odds ratio with its 95% CI per category or term, and the
rows it draws (which the signal tables under it list too)."""

from __future__ import annotations

import math
from typing import Any

from ketamine_faers.dashboards.figures.layout import (
    GRID_COLOUR,
    MUTED_COLOUR,
    Figure,
    base_layout,
    no_data,
)
from ketamine_faers.dashboards.labels import CATEGORY_LABELS, PRODUCT_COLOURS
from ketamine_faers.dashboards.markup import finite, ratio, wrap_label
from ketamine_faers.dashboards.site_data import Row, index_rows
from ketamine_faers.vocabulary import CATEGORIES, PRODUCTS


def forest_rows(
    signals: list[Row], *, exposure: str, scope: str, category: str | None
) -> list[tuple[str, dict[str, Row]]]:
    """The rows of a forest plot, top to bottom, as (label, {product: signals row}).

    For a category page: the category as a whole, then each of its terms in the scope that
    at least one product has a report of, most reported first. For the overview
    (``category`` None): each category as a whole. A product's point is left out when it has
    no report with the event (a = 0: the corrected ROR says nothing)."""
    selected = [row for row in signals if row["exposure"] == exposure]
    if category is None:
        groups = [
            (
                CATEGORY_LABELS[name],
                [
                    r
                    for r in selected
                    if r["level"] == "category" and r["category"] == name and r["scope"] == scope
                ],
            )
            for name in CATEGORIES
        ]
    else:
        whole = [
            r
            for r in selected
            if r["level"] == "category" and r["category"] == category and r["scope"] == scope
        ]
        groups = [(f"Any {CATEGORY_LABELS[category].lower()} term", whole)]
        terms = index_rows(
            (
                r
                for r in selected
                if r["level"] == "term"
                and r["category"] == category
                and (scope == "broad" or r["scope"] == "narrow")
            ),
            "term",
        )
        ranked = sorted(
            terms.items(), key=lambda item: (-max(int(r["a"]) for r in item[1]), item[0][0])
        )
        groups += [(term, rows) for (term,), rows in ranked]
    result = []
    for label, rows in groups:
        by_product = {
            r["product"]: r for r in rows if int(r["a"]) > 0 and finite(r["ror"]) is not None
        }
        if by_product:
            result.append((label, by_product))
    return result


def forest_plot(
    signals: list[Row], *, exposure: str, scope: str, category: str | None, title: str
) -> Figure:
    """ROR with its 95% CI per row on a log axis, one marker colour per product, a dashed
    line at ROR = 1; the marker's shape says which signal rules the row meets."""
    rows = forest_rows(signals, exposure=exposure, scope=scope, category=category)
    labels = [wrap_label(label, 26) for label, _ in rows]
    if category is not None and labels:
        labels[0] = f"<b>{labels[0]}</b>"  # the category as a whole, above its terms
    traces = []
    for product in PRODUCTS:
        points = [
            (label, by_product[product])
            for label, (_, by_product) in zip(labels, rows, strict=True)
            if product in by_product
        ]
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": product,
                "meta": {"product": product, "chart": "forest"},
                "showlegend": False,
                "orientation": "h",
                "offsetgroup": product,
                "y": [label for label, _ in points],
                "x": [finite(row["ror"]) for _, row in points],
                "error_x": {
                    "type": "data",
                    "symmetric": False,
                    "array": [_gap(row["ror_upper"], row["ror"]) for _, row in points],
                    "arrayminus": [_gap(row["ror"], row["ror_lower"]) for _, row in points],
                    "color": PRODUCT_COLOURS[product],
                    "thickness": 1.6,
                    "width": 4,
                },
                "marker": {
                    "color": PRODUCT_COLOURS[product],
                    "size": [11 if row["signal"] else 9 for _, row in points],
                    "symbol": [_signal_symbol(row) for _, row in points],
                    "line": {"color": PRODUCT_COLOURS[product], "width": 1.5},
                },
                "customdata": [_forest_hover(label, row) for label, row in points],
                "hovertemplate": "%{customdata}<extra>%{fullData.name}</extra>",
            }
        )
    traces += _symbol_legend()
    x_range, tick_values = _log_range(
        [row for _, by_product in rows for row in by_product.values()]
    )
    height = max(320, 150 + 48 * len(labels))
    layout = base_layout(
        title,
        "Reporting odds ratio, log scale (95% CI)",
        "",
        height=height,
        scattermode="group",
        scattergap=0.45,
        xaxis={
            "type": "log",
            "range": x_range,
            "tickvals": tick_values,
            "ticktext": [f"{value:g}" for value in tick_values],
            "gridcolor": GRID_COLOUR,
        },
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": labels,
            "autorange": "reversed",
        },
        hovermode="closest",
        shapes=[
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": 1,
                "x1": 1,
                "y0": 0,
                "y1": 1,
                "line": {"color": "#334155", "width": 1.5, "dash": "dash"},
                "layer": "below",
            }
        ],
        annotations=[
            {
                "text": "ROR = 1",
                "xref": "x",
                "yref": "paper",
                "x": 0,
                "y": 1,
                "yanchor": "top",
                "xanchor": "left",
                "xshift": 3,
                "showarrow": False,
                "font": {"size": 11, "color": MUTED_COLOUR},
            }
        ],
    )
    layout["legend"]["traceorder"] = "normal"
    return no_data(
        {"data": traces, "layout": layout}, "No report with these terms in this selection"
    )


LOG_TICKS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)


def _log_range(rows: list[Row]) -> tuple[list[float], list[float]]:
    """An x range (log10 units, as Plotly wants for log axes) holding every interval and
    ROR = 1, and the round tick values inside it."""
    values = [1.0]
    for row in rows:
        values += [v for v in (finite(row["ror_lower"]), finite(row["ror_upper"])) if v]
    low, high = math.log10(min(values)), math.log10(max(values))
    pad = max(0.08, 0.06 * (high - low))
    x_range = [low - pad, high + pad]
    ticks = [t for t in LOG_TICKS if x_range[0] <= math.log10(t) <= x_range[1]]
    return x_range, ticks


def _gap(high: Any, low: Any) -> float | None:
    high, low = finite(high), finite(low)
    return None if high is None or low is None else max(high - low, 0.0)


def _signal_symbol(row: Row) -> str:
    if row["signal"]:
        return "diamond"
    if row["signal_ror"]:
        return "circle"
    return "circle-open"


def _forest_hover(label: str, row: Row) -> str:
    flags = [name for name, key in _FLAG_KEYS if row[key]]
    verdict = "signal by " + ", ".join(flags) if flags else "no signal"
    lines = [
        f"<b>{label.replace('<br>', ' ')}</b>",
        f"ROR {ratio(row['ror'])} (95% CI {ratio(row['ror_lower'])}–{ratio(row['ror_upper'])})",
        f"a = {int(row['a']):,} reports with the product and the event",
        f"PRR {ratio(row['prr'])} (95% CI {ratio(row['prr_lower'])}–{ratio(row['prr_upper'])})"
        f", chi-square {ratio(row['chi_square'])}",
        f"IC025 {_signed(row['ic025'])}",
        verdict + (" (zero cell: +0.5 corrected)" if row.get("continuity_corrected") else ""),
    ]
    return "<br>".join(lines)


_FLAG_KEYS = (("ROR", "signal_ror"), ("PRR", "signal_prr"), ("IC", "signal_ic"))


def _signed(value: Any) -> str:
    number = finite(value)
    return "–" if number is None else f"{number:+.2f}"


def _symbol_legend() -> list[dict[str, Any]]:
    """Legend-only traces (no points of their own): the product colours, then what the
    marker shapes mean."""
    products = [
        {
            "type": "scatter",
            "mode": "markers",
            "name": product,
            "x": [None],
            "y": [None],
            "marker": {"symbol": "square", "size": 11, "color": PRODUCT_COLOURS[product]},
            "hoverinfo": "skip",
            "legendgroup": product,
        }
        for product in PRODUCTS
    ]
    entries = (
        ("diamond", "signal (ROR, PRR, IC)"),
        ("circle", "ROR signal only"),
        ("circle-open", "no ROR signal"),
    )
    shapes = [
        {
            "type": "scatter",
            "mode": "markers",
            "name": name,
            "x": [None],
            "y": [None],
            "marker": {"symbol": symbol, "size": 9, "color": MUTED_COLOUR},
            "hoverinfo": "skip",
            "legendgroup": "symbols",
        }
        for symbol, name in entries
    ]
    return products + shapes
