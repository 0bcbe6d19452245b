"""The frame around every page's content: navigation, banner, status strip, view controls,
footer and the page's chart data, filled into ``templates/page.html``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ketamine_faers.dashboards.labels import CATEGORY_LABELS, PRODUCT_COLOURS
from ketamine_faers.dashboards.markup import Html, join, render, script_json, tag
from ketamine_faers.dashboards.pages.status import (
    OPENFDA_DISCLAIMER,
    footer,
    status_strip,
    synthetic_banner,
)
from ketamine_faers.dashboards.pages.views import DEFAULT_EXPOSURE, DEFAULT_SCOPE, ChartSet
from ketamine_faers.dashboards.site_data import SiteData
from ketamine_faers.vocabulary import CATEGORIES

INDEX_PAGE = "index.html"
CATEGORY_PAGES = {category: f"{category}.html" for category in CATEGORIES}


@dataclass(frozen=True)
class Page:
    """One file of the site: its name, its HTML and the ids of its charts."""

    filename: str
    html: str
    charts: tuple[str, ...]


@dataclass(frozen=True)
class BuildContext:
    """What every page says about the build, besides its own charts."""

    built_at: datetime
    data_docs_available: bool


def colour_css() -> str:
    """The product colours as CSS custom properties: one definition for charts and page."""
    return ":root{" + "".join(f"--{p}:{c};" for p, c in PRODUCT_COLOURS.items()) + "}"


def framed_page(
    data: SiteData,
    context: BuildContext,
    *,
    filename: str,
    page_name: str,
    title: str,
    heading: str,
    content: Html,
    charts: ChartSet,
    controls: bool = True,
) -> Page:
    """``content`` and ``charts`` as a complete page, with what every page says about the
    build around them."""
    source, quality = data.source, data.quality
    page_data = {
        "page": page_name,
        "defaults": {"exposure": DEFAULT_EXPOSURE, "scope": DEFAULT_SCOPE},
        "charts": charts.specs,
        "synthetic": source.synthetic,
    }
    html = render(
        "page.html",
        title=title,
        heading=heading,
        page_name=page_name,
        colour_css=Html(colour_css()),
        nav=_nav(filename),
        synthetic_banner=synthetic_banner(source),
        status_strip=status_strip(source, quality),
        disclaimer=OPENFDA_DISCLAIMER,
        controls=_controls() if controls else Html(""),
        content=content,
        footer=footer(
            source,
            quality,
            built_at=context.built_at,
            data_docs_available=context.data_docs_available,
        ),
        page_data=script_json(page_data),
    )
    return Page(filename, str(html), tuple(charts.specs))


def _nav(current: str) -> Html:
    links = [(INDEX_PAGE, "Overview")] + [
        (CATEGORY_PAGES[category], CATEGORY_LABELS[category]) for category in CATEGORIES
    ]
    return join(
        tag("a", label, href=href, aria_current="page" if href == current else None)
        for href, label in links
    )


def _controls() -> Html:
    """The exposure and scope switches, with the default view checked."""
    return render(
        "controls.html",
        any_role_checked=Html(" checked" if DEFAULT_EXPOSURE == "any role" else ""),
        suspect_checked=Html(" checked" if DEFAULT_EXPOSURE == "suspect only" else ""),
        narrow_checked=Html(" checked" if DEFAULT_SCOPE == "narrow" else ""),
        broad_checked=Html(" checked" if DEFAULT_SCOPE == "broad" else ""),
    )
