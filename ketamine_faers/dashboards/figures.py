"""Plotly figures of the dashboards, as plain dicts ready for ``Plotly.react``.

Each function takes rows from :mod:`site_data` and one view (exposure and scope) and returns
``{"data": [...], "layout": {...}}``. Every string that comes from the data goes through
:func:`plot_text`; the products keep the same colour on every chart (:data:`PRODUCT_COLOURS`).
Each product trace carries ``meta = {"product": ..., "chart": ...}`` so tests and readers of
the page can tell the traces apart.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from ketamine_faers.dashboards.markup import finite, plot_text, ratio, wrap_label
from ketamine_faers.dashboards.site_data import BASELINE, CATEGORIES, PRODUCTS, Row

# Defined once; the page CSS gets the same values (pages.colour_css).
PRODUCT_COLOURS = {"ketamine": "#1f77b4", "esketamine": "#d95f02"}
CATEGORY_LABELS = {
    "dissociation": "Dissociation",
    "hypertension": "Hypertension",
    "cognitive": "Cognitive effects",
}
CATEGORY_LONG_LABELS = {
    "dissociation": "Dissociation",
    "hypertension": "Hypertension (blood pressure increased)",
    "cognitive": "Cognitive effects",
}
EXPOSURE_LABELS = {
    "any role": "reports naming the product (any role)",
    "suspect only": "reports with the product as a suspect drug",
}
SCOPE_LABELS = {"narrow": "core terms (narrow)", "broad": "core and related terms (broad)"}

FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEXT_COLOUR = "#1f2933"
GRID_COLOUR = "#e3e7ec"
MUTED_COLOUR = "#5f6b7a"

# Signal thresholds, as computed by ketamine_faers.disproportionality; written on the pages.
THRESHOLDS = (
    ("ROR", "a ≥ 3 reports and the lower bound of the 95% CI of the ROR > 1"),
    ("PRR", "a ≥ 3 reports, PRR ≥ 2 and chi-square (Yates) ≥ 4 (Evans)"),
    ("IC", "the lower bound of the 95% credibility interval of the IC (IC025) > 0"),
    ("signal", "all three agree"),
)

Figure = dict[str, Any]


def index_rows(rows: Iterable[Row], *keys: str) -> dict[tuple, list[Row]]:
    """Rows grouped by the values of ``keys`` (in order), order kept within a group."""
    grouped: dict[tuple, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[tuple(row[key] for key in keys)].append(row)
    return grouped


def _layout(
    title: str,
    x_title: str,
    y_title: str,
    *,
    height: int,
    legend: bool = True,
    **extra: Any,
) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "title": {
            "text": title,
            "x": 0.01,
            "xref": "container",
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 10, "l": 8},
            "font": {"size": 15, "color": TEXT_COLOUR},
        },
        "height": height,
        "autosize": True,
        "margin": {"l": 8, "r": 16, "t": 78 if legend else 48, "b": 8, "pad": 2},
        "font": {"family": FONT_FAMILY, "size": 12, "color": TEXT_COLOUR},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "showlegend": legend,
        "legend": {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1.01,
            "yanchor": "bottom",
            "font": {"size": 12},
        },
        "xaxis": {
            "title": {"text": x_title, "standoff": 8},
            "automargin": True,
            "gridcolor": GRID_COLOUR,
            "zeroline": False,
            "linecolor": "#9aa5b1",
            "ticks": "outside",
            "tickcolor": "#9aa5b1",
        },
        "yaxis": {
            "title": {"text": y_title, "standoff": 8},
            "automargin": True,
            "gridcolor": GRID_COLOUR,
            "zeroline": False,
            "linecolor": "#9aa5b1",
        },
        "hoverlabel": {"align": "left", "font": {"family": FONT_FAMILY, "size": 12}},
        "separators": ".,",
    }
    for key, value in extra.items():
        if key in ("xaxis", "yaxis"):
            layout[key].update(value)
        else:
            layout[key] = value
    return layout


def _no_data(figure: Figure, message: str = "No reports in this selection") -> Figure:
    """Say so on the chart when no trace has a point, instead of drawing empty axes."""
    if any(trace.get("x") for trace in figure["data"] if trace.get("meta")):
        return figure
    figure["layout"]["annotations"] = [
        *figure["layout"].get("annotations", []),
        {
            "text": message,
            "xref": "paper",
            "yref": "paper",
            "x": 0.5,
            "y": 0.5,
            "showarrow": False,
            "font": {"size": 14, "color": MUTED_COLOUR},
        },
    ]
    return figure


# --- time series -----------------------------------------------------------------------------


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
        y_axis = {"ticksuffix": "%", "rangemode": "tozero"}
    else:
        title = f"{label}: reports per quarter"
        y_title = "Reports (count)"
        y_axis = {"rangemode": "tozero", "separatethousands": True}
    layout = _layout(
        title,
        "Quarter FDA received the report",
        y_title,
        height=340,
        xaxis=_quarter_axis(),
        yaxis=y_axis,
        hovermode="x unified",
    )
    return _no_data({"data": traces, "layout": layout})


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
    layout = _layout(
        "All reports of each product per quarter",
        "Quarter FDA received the report",
        "Reports (count)",
        height=340,
        xaxis=_quarter_axis(),
        yaxis={"rangemode": "tozero", "separatethousands": True},
        hovermode="x unified",
    )
    return _no_data({"data": traces, "layout": layout})


# --- profiles (horizontal grouped bars with the product's baseline) ---------------------------


def profile_bars(
    by_group: dict[tuple, list[Row]],
    *,
    chart: str,
    category: str,
    exposure: str,
    scope: str,
    title: str,
    axis_title: str,
    max_labels: int | None = None,
    baseline: bool = True,
) -> Figure:
    """Share of the category's reports with each label, one bar per product, and a tick at
    the share among all the product's reports (the baseline) when ``baseline``."""
    rows = {
        product: by_group.get((chart, product, exposure, category, scope), [])
        for product in PRODUCTS
    }
    labels = _ordered_labels(rows, max_labels)
    height = max(300, 120 + 34 * len(labels))
    traces = []
    for product in PRODUCTS:
        by_label = {row["label"]: row for row in rows[product]}
        group_reports = max((int(row["group_reports"]) for row in rows[product]), default=0)
        if not group_reports:
            continue
        points = [
            by_label.get(label, {"reports": 0, "group_reports": group_reports, "share": 0.0})
            for label in labels
        ]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": product,
                "meta": {"product": product, "chart": chart},
                "offsetgroup": product,
                "y": [wrap_label(label) for label in labels],
                "x": [round(100 * point["share"], 4) for point in points],
                "customdata": [
                    [plot_text(label), int(point["reports"]), int(point["group_reports"])]
                    for label, point in zip(labels, points, strict=True)
                ],
                "hovertemplate": (
                    "%{customdata[0]}<br>%{fullData.name}: %{x:.1f}% "
                    "(%{customdata[1]:,} of %{customdata[2]:,} reports)<extra></extra>"
                ),
                "marker": {"color": PRODUCT_COLOURS[product]},
            }
        )
        if baseline:
            traces.append(_baseline_trace(by_group, chart, product, exposure, scope, labels))
    layout = _layout(
        title,
        axis_title,
        "",
        height=height,
        barmode="group",
        bargap=0.25,
        bargroupgap=0.05,
        scattermode="group",
        scattergap=0.25,
        xaxis={"ticksuffix": "%", "rangemode": "tozero"},
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [wrap_label(label) for label in labels],
            "autorange": "reversed",
            "gridcolor": "rgba(0,0,0,0)",
        },
        hovermode="closest",
    )
    return _no_data({"data": traces, "layout": layout})


def _ordered_labels(rows: dict[str, list[Row]], max_labels: int | None) -> list[str]:
    totals: dict[str, int] = defaultdict(int)
    orders: dict[str, int] = {}
    for product_rows in rows.values():
        for row in product_rows:
            totals[row["label"]] += int(row["reports"])
            if row.get("label_order") is not None:
                orders[row["label"]] = int(row["label_order"])
    if orders:
        labels = sorted(totals, key=lambda label: (orders.get(label, math.inf), label))
    else:
        labels = sorted(totals, key=lambda label: (-totals[label], label))
        if max_labels is not None:
            labels = labels[:max_labels]
    return labels


def _baseline_trace(
    by_group: dict[tuple, list[Row]],
    chart: str,
    product: str,
    exposure: str,
    scope: str,
    labels: list[str],
) -> dict[str, Any]:
    rows = {
        row["label"]: row for row in by_group.get((chart, product, exposure, BASELINE, scope), [])
    }
    points = [rows.get(label) for label in labels]
    return {
        "type": "scatter",
        "mode": "markers",
        "name": "all reports of the product",
        "legendgroup": "baseline",
        "orientation": "h",
        "offsetgroup": product,
        "y": [wrap_label(label) for label in labels],
        "x": [None if point is None else round(100 * point["share"], 4) for point in points],
        "customdata": [
            [
                plot_text(label),
                0 if p is None else int(p["reports"]),
                0 if p is None else int(p["group_reports"]),
            ]
            for label, p in zip(labels, points, strict=True)
        ],
        "hovertemplate": (
            "%{customdata[0]}<br>all " + product + " reports: %{x:.1f}% "
            "(%{customdata[1]:,} of %{customdata[2]:,})<extra></extra>"
        ),
        "marker": {
            "symbol": "line-ns",
            "size": 14,
            "color": "#111827",
            "line": {"width": 2.5, "color": "#111827"},
        },
        "showlegend": product == PRODUCTS[0],
    }


def term_bars(
    by_group: dict[tuple, list[Row]],
    *,
    chart: str,
    category: str,
    exposure: str,
    scope: str,
    title: str,
    axis_title: str,
    max_terms: int,
) -> Figure:
    """Terms ranked by reports (both products together), as the share of each product's
    reports in the category."""
    rows = {
        product: by_group.get((chart, product, exposure, category, scope), [])
        for product in PRODUCTS
    }
    totals: dict[str, int] = defaultdict(int)
    for product_rows in rows.values():
        for row in product_rows:
            totals[row["term"]] += int(row["reports"])
    terms = sorted(totals, key=lambda term: (-totals[term], term))[:max_terms]
    traces = []
    for product in PRODUCTS:
        by_term = {row["term"]: row for row in rows[product]}
        group_reports = max((int(row["group_reports"]) for row in rows[product]), default=0)
        if not group_reports:
            continue
        points = [
            by_term.get(term, {"reports": 0, "group_reports": group_reports, "share": 0.0})
            for term in terms
        ]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": product,
                "meta": {"product": product, "chart": chart},
                "y": [wrap_label(term, 26) for term in terms],
                "x": [round(100 * point["share"], 4) for point in points],
                "customdata": [
                    [plot_text(term), int(point["reports"]), int(point["group_reports"])]
                    for term, point in zip(terms, points, strict=True)
                ],
                "hovertemplate": (
                    "%{customdata[0]}<br>%{fullData.name}: %{customdata[1]:,} reports, "
                    "%{x:.1f}% of %{customdata[2]:,}<extra></extra>"
                ),
                "marker": {"color": PRODUCT_COLOURS[product]},
            }
        )
    layout = _layout(
        title,
        axis_title,
        "",
        height=max(300, 120 + 34 * len(terms)),
        barmode="group",
        bargap=0.25,
        bargroupgap=0.05,
        xaxis={"ticksuffix": "%", "rangemode": "tozero"},
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [wrap_label(term, 26) for term in terms],
            "autorange": "reversed",
            "gridcolor": "rgba(0,0,0,0)",
        },
        hovermode="closest",
    )
    return _no_data({"data": traces, "layout": layout})


# --- forest plot ---------------------------------------------------------------------------


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
    layout = _layout(
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
    return _no_data(
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
