"""The pages of the dashboard site: the overview and one page per effect category.

A page is HTML from ``templates/`` plus the Plotly figures of its charts, embedded as JSON.
One module per page kind (:mod:`.overview`, :mod:`.category`); the parts they share are the
frame around the content (:mod:`.frame`, with the data status of :mod:`.status`), the views
(:mod:`.views`), content blocks (:mod:`.sections`), signal tables (:mod:`.signals`), card
totals (:mod:`.totals`) and the latest reports tables (:mod:`.latest_reports`).
"""

from ketamine_faers.dashboards.pages.category import category_page
from ketamine_faers.dashboards.pages.frame import BuildContext, Page
from ketamine_faers.dashboards.pages.latest_reports import openfda_report_url
from ketamine_faers.dashboards.pages.overview import index_page
from ketamine_faers.dashboards.pages.status import OPENFDA_DISCLAIMER
from ketamine_faers.dashboards.site_data import SiteData
from ketamine_faers.vocabulary import CATEGORIES

__all__ = [
    "OPENFDA_DISCLAIMER",
    "BuildContext",
    "Page",
    "build_pages",
    "category_page",
    "index_page",
    "openfda_report_url",
]


def build_pages(data: SiteData, context: BuildContext) -> list[Page]:
    """Every page of the site, the overview first."""
    return [index_page(data, context)] + [
        category_page(data, context, category) for category in CATEGORIES
    ]
