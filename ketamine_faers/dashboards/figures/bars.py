"""Horizontal grouped bars, one bar per product: the profile of a category's reports (beside
the product's baseline) and its most reported terms."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from ketamine_faers.dashboards.figures.layout import Figure, base_layout, no_data
from ketamine_faers.dashboards.labels import PRODUCT_COLOURS
from ketamine_faers.dashboards.markup import plot_text, wrap_label
from ketamine_faers.dashboards.site_data import BASELINE, Row
from ketamine_faers.vocabulary import PRODUCTS


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
    layout = base_layout(
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
    return no_data({"data": traces, "layout": layout})


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
    layout = base_layout(
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
    return no_data({"data": traces, "layout": layout})
