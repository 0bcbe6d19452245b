"""The index page, shaped like FDA's Quarterly Data Extract page.

FDA's page (``/extensions/FPD-QDE-FAERS/FPD-QDE-FAERS.html``) is a Bootstrap accordion: one
``panel panel-default`` per year whose ``panel-title`` is the year, holding a table with one
row per quarter: the period as text in a ``<p>``, then an ASCII and an XML link whose text
carries the size (``ASCII 69.1MB``). That is the structure YUN's ``R/meta.R`` scrapes (notes
§1.1). Besides the zips the page links FDA pages elsewhere, as the real one does.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .names import PERIODS, companion_name, quarter_of

PAGE_PATH = "/extensions/FPD-QDE-FAERS/FPD-QDE-FAERS.html"
EXPORTS_PATH = "/content/Exports/"
FOREIGN_ZIP = "https://downloads.example.org/content/Exports/faers_ascii_2099q1.zip"


@dataclass(frozen=True)
class PageEntry:
    """One ASCII zip as the page lists it: its name, link and the size text shown."""

    name: str
    href: str
    shown_size: str


def render_page(
    entries: Iterable[PageEntry],
    *,
    xml_href: Callable[[str], str],
    foreign_link: bool = False,
) -> str:
    """The whole page: years newest first, quarters newest first within a year."""
    by_year: dict[str, list[tuple[int, PageEntry]]] = {}
    for entry in entries:
        quarter = quarter_of(entry.name)
        if quarter is None:
            continue
        by_year.setdefault(quarter[:4], []).append((int(quarter[5]), entry))
    panels = [
        _panel(year, sorted(rows, key=lambda r: -r[0]), xml_href)
        for year, rows in sorted(by_year.items(), reverse=True)
    ]
    extra = ""
    if foreign_link:
        extra = '<p>Mirror: <a href="' + FOREIGN_ZIP + '">ASCII 12.0MB</a> (another host)</p>\n'
    return _TEMPLATE.format(panels="\n".join(panels), extra=extra)


def _panel(year: str, rows: list[tuple[int, PageEntry]], xml_href: Callable[[str], str]) -> str:
    body = "\n".join(_row(n, entry, xml_href) for n, entry in rows)
    return f"""<div class="panel panel-default">
  <div class="panel-heading"><h4 class="panel-title">
    <a data-toggle="collapse" data-parent="#accordion" href="#collapse{year}">{year}</a>
  </h4></div>
  <div id="collapse{year}" class="panel-collapse collapse"><div class="panel-body">
    <table class="table table-striped">
      <thead><tr><th>Quarter</th><th>ASCII</th><th>XML</th></tr></thead>
      <tbody>
{body}
      </tbody>
    </table>
  </div></div>
</div>"""


def _row(n: int, entry: PageEntry, xml_href: Callable[[str], str]) -> str:
    xml = companion_name(entry.name)
    xml_size = _double(entry.shown_size)
    label = "SGML" if "_sgml_" in xml.lower() else "XML"
    return (
        f"        <tr><td><p>{PERIODS[n - 1]}</p></td>"
        f'<td><a href="{html.escape(entry.href)}">ASCII {html.escape(entry.shown_size)}</a></td>'
        f'<td><a href="{html.escape(xml_href(xml))}">{label} {xml_size}</a></td></tr>'
    )


def _double(shown: str) -> str:
    """The XML zip is about twice the ASCII one (notes §1.3)."""
    try:
        return f"{float(shown.removesuffix('MB')) * 2:.3g}MB"
    except ValueError:
        return shown


_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>FDA Adverse Event Reporting System (FAERS) Quarterly Data Extract Files</title>
</head>
<body>
<div class="container">
<h1>FDA Adverse Event Reporting System (FAERS) Quarterly Data Extract Files</h1>
<p>The files below are not cumulative: each holds only its own time range. See the
<a href="https://www.fda.gov/drugs/questions-and-answers-fdas-adverse-event-reporting-system-faers">FAERS
questions and answers</a> and <a href="/extensions/FPD-QDE-FAERS/Readme.pdf">Readme</a>.</p>
{extra}<div class="panel-group" id="accordion">
{panels}
</div>
</div>
</body>
</html>
"""
