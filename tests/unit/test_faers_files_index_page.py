"""FDA's Quarterly Data Extract page -> QuarterLinks: names as linked, shown sizes, eras,
only the page's own host, XML/SGML and other links ignored."""

from __future__ import annotations

import pytest

from ketamine_faers.sources.faers_files.index_page import (
    QuarterLink,
    era_of_quarter,
    parse_index_page,
)
from standins.faers_files.page import PageEntry, render_page

PAGE = "https://fis.fda.gov/extensions/FPD-QDE-FAERS/FPD-QDE-FAERS.html"
EXPORTS = "https://fis.fda.gov/content/Exports/"

# Shaped like FDA's page (year panels, period rows, ASCII + XML links with sizes), written
# by hand with the variations a parser must take: relative links, sizes outside the link
# text, spaces, an upper-case legacy name, links elsewhere.
FDA_LIKE = f"""<html><body>
<p><a href="https://www.fda.gov/drugs/faers">About FAERS</a> <a href="#top">top</a></p>
<div class="panel panel-default"><div class="panel-heading"><h4 class="panel-title">
<a data-toggle="collapse" href="#collapse2024">2024</a></h4></div>
<table><tbody>
<tr><td><p>January - March 2024 posted 05/2024</p></td>
<td><a href="{EXPORTS}faers_ascii_2024q1.zip">ASCII</a> (69.1 MB)</td>
<td><a href="{EXPORTS}faers_xml_2024q1.zip">XML</a> (138 MB)</td></tr>
</tbody></table></div>
<div class="panel panel-default"><h4 class="panel-title">2023</h4>
<table><tbody>
<tr><td><p>October - December</p></td>
<td><a href="/content/Exports/faers_ascii_2023Q4.zip">ASCII 66.7MB</a></td>
<td><a href="/content/Exports/faers_xml_2023Q4.zip">XML 131MB</a></td></tr>
<tr><td><p>July - September</p></td>
<td><a href="https://someone:hunter2@fis.fda.gov/content/Exports/faers_ascii_2023Q3.zip">
ASCII 63.4MB</a></td><td><a href="{EXPORTS}faers_xml_2023Q3.zip">XML 129MB</a></td></tr>
</tbody></table></div>
<div class="panel panel-default"><h4 class="panel-title">2009</h4>
<table><tbody>
<tr><td><p>April - June</p></td>
<td><a href="{EXPORTS}AERS_ASCII_2009q2.ZIP">ASCII</a> 13.6 MB</td>
<td><a href="{EXPORTS}AERS_SGML_2009q2.ZIP">SGML</a> 16 MB</td></tr>
<tr><td><p>January - March</p></td>
<td><a href="https://mirror.example.org/content/Exports/aers_ascii_2009q1.zip">ASCII 13 MB</a></td>
<td><a href="{EXPORTS}faers_ascii_2009q1.zip">ASCII</a></td></tr>
</tbody></table></div>
<p><a href="{EXPORTS}faers_ascii_2024Q1.zip">again</a> <a href="mailto:x@fda.gov">mail</a></p>
</body></html>"""


def test_the_fda_like_page_gives_one_link_per_ascii_zip():
    page = parse_index_page(FDA_LIKE, PAGE)
    assert page.links == (
        QuarterLink(
            "2009Q2",
            "aers",
            f"{EXPORTS}AERS_ASCII_2009q2.ZIP",
            "AERS_ASCII_2009q2.ZIP",
            "13.6 MB",
            13.6,
            "April - June",
        ),
        QuarterLink(
            "2023Q3",
            "faers",
            f"{EXPORTS}faers_ascii_2023Q3.zip",
            "faers_ascii_2023Q3.zip",
            "63.4MB",
            63.4,
            "July - September",
        ),
        QuarterLink(
            "2023Q4",
            "faers",
            f"{EXPORTS}faers_ascii_2023Q4.zip",
            "faers_ascii_2023Q4.zip",
            "66.7MB",
            66.7,
            "October - December",
        ),
        QuarterLink(
            "2024Q1",
            "faers",
            f"{EXPORTS}faers_ascii_2024q1.zip",
            "faers_ascii_2024q1.zip",
            "69.1 MB",
            69.1,
            "January - March",
        ),
    )


def test_links_elsewhere_eras_out_of_place_and_repeats_are_reported():
    page = parse_index_page(FDA_LIKE, PAGE)
    assert [(s.url, s.reason) for s in page.skipped] == [
        (
            "https://mirror.example.org/content/Exports/aers_ascii_2009q1.zip",
            "on another host than the page; not followed",
        ),
        (
            f"{EXPORTS}faers_ascii_2009q1.zip",
            "an faers name for 2009Q1, which belongs to aers",
        ),
        (f"{EXPORTS}faers_ascii_2024Q1.zip", "2024Q1 is linked more than once"),
    ]
    assert "hunter2" not in repr(page)


def test_the_stand_in_page_parses_to_its_own_names_and_sizes():
    entries = [
        PageEntry("faers_ascii_2019Q1.zip", f"{EXPORTS}faers_ascii_2019Q1.zip", "52.5MB"),
        PageEntry("faers_ascii_2022q1.zip", f"{EXPORTS}faers_ascii_2022q1.zip", "60.1MB"),
        PageEntry("aers_ascii_2012q3.zip", f"{EXPORTS}aers_ascii_2012q3.zip", "16MB"),
    ]
    html = render_page(entries, xml_href=lambda name: EXPORTS + name)
    page = parse_index_page(html, PAGE)
    assert [(q.quarter, q.era, q.file_name, q.size_text, q.period) for q in page.links] == [
        ("2012Q3", "aers", "aers_ascii_2012q3.zip", "16MB", "July - September"),
        ("2019Q1", "faers", "faers_ascii_2019Q1.zip", "52.5MB", "January - March"),
        ("2022Q1", "faers", "faers_ascii_2022q1.zip", "60.1MB", "January - March"),
    ]
    assert page.skipped == ()
    assert set(page.by_quarter()) == {"2012Q3", "2019Q1", "2022Q1"}


def test_a_page_without_zip_links_gives_nothing():
    page = parse_index_page("<html><a href='/x.html'>x</a><a>no href</a></html>", PAGE)
    assert page.links == () and page.skipped == ()


@pytest.mark.parametrize(
    ("shown", "n_bytes", "fits"),
    [
        ("69.1MB", 69_100_000, True),  # MB as 10^6
        ("69.1MB", int(69.1 * 1_048_576), True),  # MB as 2^20
        ("69.1MB", 60_000_000, False),
        ("69.1MB", 80_000_000, False),
        ("28MB", 28_400_000, True),  # rounded to whole MB
        ("1.12MB", 1_170_789, True),
        ("1.12MB", 585_394, False),  # half of it: a truncated body
        ("512 KB", 524_288, True),
        ("1.2 GB", 1_288_490_188, True),
    ],
)
def test_a_size_fits_what_the_page_shows_as_rounded(shown, n_bytes, fits):
    html = f'<a href="{EXPORTS}faers_ascii_2020Q1.zip">ASCII {shown}</a>'
    (link,) = parse_index_page(html, PAGE).links
    assert link.size_text == shown
    assert link.size_fits(n_bytes) is fits


def test_no_size_shown_means_any_size_fits():
    (link,) = parse_index_page(f'<a href="{EXPORTS}faers_ascii_2020Q1.zip">ASCII</a>', PAGE).links
    assert (link.size_text, link.size_mb) == (None, None)
    assert link.size_fits(123)


def test_eras_split_at_2012q4():
    assert [era_of_quarter(q) for q in ("2004Q1", "2012Q3", "2012Q4", "2024Q1")] == [
        "aers",
        "aers",
        "faers",
        "faers",
    ]
