"""FDA's Quarterly Data Extract page -> one :class:`QuarterLink` per ASCII zip.

The page (``https://fis.fda.gov/extensions/FPD-QDE-FAERS/FPD-QDE-FAERS.html``) is one panel
per year, one table row per quarter: the period as text ("January - March"), then an ASCII
and an XML (SGML for legacy AERS) link, each with its size in MB (notes §1.1). The parser
does not depend on that layout beyond "a row holds links and their sizes": it reads every
link, keeps the ASCII zips by their file name, and takes the size from the link's text or
the text after it up to the next link or row. Names are kept exactly as linked because the
letter case of ``q``/``Q`` varies by quarter; nothing here builds a name.

Downloads only ever go to the page's own origin, so an ASCII zip linked on another host is
not followed but reported in :attr:`IndexPage.skipped`, as are names whose era contradicts
their quarter and quarters linked twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Literal
from urllib.parse import unquote, urljoin, urlsplit

from ketamine_faers.http import InvalidURLError, origin_of, redact_url, strip_userinfo

Era = Literal["aers", "faers"]
FIRST_FAERS_QUARTER = "2012Q4"
ASCII_ZIP = re.compile(r"^(aers|faers)_ascii_(\d{4})q([1-4])\.zip$", re.IGNORECASE)
_SIZE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(KB|MB|GB)\b", re.IGNORECASE)
_PERIOD = re.compile(
    r"(January|April|July|October)\s*[-\u2013\u2014]+\s*(March|June|September|December)",
    re.IGNORECASE,
)
_UNIT_MB = {"kb": 1 / 1024, "mb": 1.0, "gb": 1024.0}


@dataclass(frozen=True)
class QuarterLink:
    """One quarter's ASCII zip as the page links it.

    ``url`` is absolute and carries no user info; ``file_name`` is the last segment of the
    link, exactly as FDA spelt it. ``size_text`` is the size as shown (``69.1MB``) and
    ``size_mb`` its number in MB, both None when the page shows none. ``period`` is the
    row's period text, when there is one.
    """

    quarter: str
    era: Era
    url: str
    file_name: str
    size_text: str | None
    size_mb: float | None
    period: str | None = None

    def size_fits(self, n_bytes: int) -> bool:
        """Whether ``n_bytes`` is what the shown size, rounded as shown, can stand for.
        FDA does not say whether an MB is 10^6 or 2^20 bytes, so either is accepted, with
        1% to spare; with no size shown, anything fits."""
        if self.size_mb is None or self.size_text is None:
            return True
        number = _SIZE.search(self.size_text)
        if number is None:
            return True
        decimals = len(number.group(1).replace(",", ".").partition(".")[2])
        half = 0.5 * 10**-decimals * _UNIT_MB[number.group(2).lower()]
        low = (self.size_mb - half) * 1_000_000 * 0.99
        high = (self.size_mb + half) * 1_048_576 * 1.01
        return low <= n_bytes <= high


@dataclass(frozen=True)
class SkippedLink:
    """A zip link the downloader will not follow, and why (its URL redacted)."""

    url: str
    reason: str


@dataclass(frozen=True)
class IndexPage:
    """What the page offers: ASCII zips by quarter (oldest first) and the links skipped."""

    url: str
    links: tuple[QuarterLink, ...]
    skipped: tuple[SkippedLink, ...]

    def by_quarter(self) -> dict[str, QuarterLink]:
        return {link.quarter: link for link in self.links}


def era_of_quarter(quarter: str) -> Era:
    """``aers`` for 2004Q1-2012Q3 (legacy AERS), ``faers`` from 2012Q4."""
    return "aers" if quarter < FIRST_FAERS_QUARTER else "faers"


def parse_index_page(html: str, page_url: str) -> IndexPage:
    """Every ASCII zip linked by the page at ``page_url`` (relative links resolved against
    it). Raises :class:`InvalidURLError` if ``page_url`` itself is not an http(s) URL."""
    page_origin = origin_of(page_url)
    reader = _LinkReader()
    reader.feed(html)
    reader.close()
    links: dict[str, QuarterLink] = {}
    skipped: list[SkippedLink] = []
    for raw in reader.links:
        absolute = urljoin(page_url, raw.href.strip())
        name = unquote(urlsplit(absolute).path.rpartition("/")[2])
        match = ASCII_ZIP.match(name)
        if match is None:
            continue  # XML/SGML zips, FDA's other pages, documents
        shown = redact_url(absolute)
        try:
            same_origin = origin_of(absolute) == page_origin
        except InvalidURLError:
            same_origin = False
        if not same_origin:
            skipped.append(SkippedLink(shown, "on another host than the page; not followed"))
            continue
        quarter = f"{match.group(2)}Q{match.group(3)}"
        era: Era = "aers" if match.group(1).lower() == "aers" else "faers"
        if era != era_of_quarter(quarter):
            reason = f"an {era} name for {quarter}, which belongs to {era_of_quarter(quarter)}"
            skipped.append(SkippedLink(shown, reason))
            continue
        if quarter in links:
            skipped.append(SkippedLink(shown, f"{quarter} is linked more than once"))
            continue
        size = _SIZE.search(raw.text) or _SIZE.search(raw.text_after)
        links[quarter] = QuarterLink(
            quarter=quarter,
            era=era,
            url=strip_userinfo(absolute),
            file_name=name,
            size_text=_squash(size.group(0)) if size else None,
            size_mb=_megabytes(size) if size else None,
            period=raw.period,
        )
    ordered = tuple(links[q] for q in sorted(links))
    return IndexPage(url=strip_userinfo(page_url), links=ordered, skipped=tuple(skipped))


def _megabytes(size: re.Match[str]) -> float:
    return float(size.group(1).replace(",", ".")) * _UNIT_MB[size.group(2).lower()]


def _squash(text: str) -> str:
    return " ".join(text.split())


@dataclass
class _RawLink:
    href: str
    text: str = ""
    text_after: str = ""
    period: str | None = None


class _LinkReader(HTMLParser):
    """Links in document order, each with its own text, the text after it up to the next
    link or row, and the period text of the table row it sits in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[_RawLink] = []
        self._open: _RawLink | None = None  # inside <a>
        self._last: _RawLink | None = None  # text after it belongs to it
        self._row: list[_RawLink] = []
        self._row_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._end_row()
        elif tag == "a":
            href = dict(attrs).get("href")
            self._last = None
            if href:
                self._open = _RawLink(href)
                self.links.append(self._open)
                self._row.append(self._open)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self._last, self._open = self._open, None
        elif tag in ("tr", "table", "tbody"):
            self._end_row()

    def handle_data(self, data: str) -> None:
        self._row_text.append(data)
        if self._open is not None:
            self._open.text += data
        elif self._last is not None:
            self._last.text_after += data

    def close(self) -> None:
        super().close()
        self._end_row()

    def _end_row(self) -> None:
        period = _PERIOD.search(" ".join(self._row_text))
        for link in self._row:
            link.period = _squash(period.group(0)) if period else None
        self._row, self._row_text = [], []
        self._open = self._last = None
