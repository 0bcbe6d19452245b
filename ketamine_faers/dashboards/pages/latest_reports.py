"""The latest serious reports of a category page, one table per product, each report id
linked to its openFDA query."""

from __future__ import annotations

from urllib.parse import quote

from ketamine_faers.dashboards.markup import Html, day, esc, join, table, tag
from ketamine_faers.dashboards.pages.sections import product_badge
from ketamine_faers.dashboards.site_data import SiteData
from ketamine_faers.vocabulary import PRODUCTS

OPENFDA_REPORT_QUERY = "https://api.fda.gov/drug/event.json?search=safetyreportid:%22{id}%22"
DRUGS_SHOWN = 8


def openfda_report_url(safetyreportid: str) -> str:
    """The openFDA query returning one report; never carries an API key."""
    return OPENFDA_REPORT_QUERY.format(id=quote(str(safetyreportid), safe=""))


def latest_reports(data: SiteData, category: str, exposure: str, scope: str) -> Html:
    """The tables of one view; a product without a serious report gets a note instead."""
    tables = []
    for product in PRODUCTS:
        rows = [
            row
            for row in data.latest_serious
            if row["product"] == product
            and row["exposure"] == exposure
            and row["category"] == category
            and row["scope"] == scope
        ]
        body = (
            table(
                [
                    ("Report", "nowrap"),
                    ("Received", "nowrap"),
                    ("Terms", "wrap"),
                    ("Drugs as reported (role)", "wrap"),
                ],
                [
                    (
                        tag(
                            "a",
                            row["safetyreportid"],
                            href=openfda_report_url(row["safetyreportid"]),
                            rel="external noopener noreferrer",
                            class_="report-link",
                        ),
                        day(row["receive_date"]),
                        ", ".join(row["terms"] or []),
                        _drug_list(row["drugs"] or [], product),
                    )
                    for row in rows
                ],
                stack=True,
            )
            if rows
            else tag("p", "No serious report in this selection.", class_="note")
        )
        tables.append(
            tag(
                "div",
                join([tag("h3", join([product_badge(product), " latest serious reports"])), body]),
                class_=f"report-table report-table-{product}",
            )
        )
    return join(tables)


def _drug_list(drugs: list[dict], product: str) -> Html:
    """The drugs of a report, the product's own in bold, cut after ``DRUGS_SHOWN``."""
    items = []
    for drug in drugs[:DRUGS_SHOWN]:
        text = f"{drug['name'] or 'unnamed'} ({drug['role'] or 'role not reported'})"
        items.append(tag("strong", text) if drug.get("product") == product else esc(text))
    if len(drugs) > DRUGS_SHOWN:
        items.append(esc(f"and {len(drugs) - DRUGS_SHOWN} more"))
    return join(items, "; ")
