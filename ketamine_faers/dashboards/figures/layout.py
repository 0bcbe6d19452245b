"""The look every dashboard chart shares: fonts, grid colours, the base layout, and what a
chart says when its selection has no data."""

from __future__ import annotations

from typing import Any

Figure = dict[str, Any]

FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEXT_COLOUR = "#1f2933"
GRID_COLOUR = "#e3e7ec"
MUTED_COLOUR = "#5f6b7a"


def base_layout(
    title: str,
    x_title: str,
    y_title: str,
    *,
    height: int,
    legend: bool = True,
    **extra: Any,
) -> dict[str, Any]:
    """The layout of every chart; ``extra`` updates the axes and sets any other key."""
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


def no_data(figure: Figure, message: str = "No reports in this selection") -> Figure:
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
