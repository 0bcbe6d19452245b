"""Plotly figures of the dashboards, as plain dicts ready for ``Plotly.react``.

Each chart function takes rows from :mod:`site_data` and one view (exposure and scope) and
returns ``{"data": [...], "layout": {...}}``. Every string that comes from the data goes
through :func:`plot_text`; the products keep the same colour on every chart
(:data:`PRODUCT_COLOURS`). Each product trace carries ``meta = {"product": ..., "chart": ...}``
so tests and readers of the page can tell the traces apart.

One module per chart family: :mod:`.time_series`, :mod:`.bars` (profiles and terms),
:mod:`.forest`; :mod:`.layout` holds what they share.
"""

from ketamine_faers.dashboards.figures.bars import profile_bars, term_bars
from ketamine_faers.dashboards.figures.forest import forest_plot, forest_rows
from ketamine_faers.dashboards.figures.layout import Figure
from ketamine_faers.dashboards.figures.time_series import (
    product_reports_per_quarter,
    quarterly_reports,
)

# Imported from here before the split; kept so those imports still work.
from ketamine_faers.dashboards.labels import PRODUCT_COLOURS
from ketamine_faers.dashboards.site_data import index_rows

__all__ = [
    "PRODUCT_COLOURS",
    "Figure",
    "forest_plot",
    "forest_rows",
    "index_rows",
    "product_reports_per_quarter",
    "profile_bars",
    "quarterly_reports",
    "term_bars",
]
