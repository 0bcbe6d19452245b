"""The static dashboard site: built from the published database, no Dagster in here.

``build_site(published_db, out_dir)`` reads the published DuckDB file read-only and writes
``index.html`` (overview), one page per effect category and ``assets/`` (page script, style
sheet, plotly.js copied from the installed plotly package), swapped in atomically.
"""

from ketamine_faers.dashboards.site import SiteReport, build_site

__all__ = ["SiteReport", "build_site"]
