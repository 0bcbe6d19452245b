"""FDA's names for the quarterly zips, with the letter case FDA really uses per quarter.

FDA's page links ``faers_ascii_2019Q1.zip`` but ``faers_ascii_2022q1.zip`` (notes §1.1), so a
client must take names from the page, never build them. The stand-in serves whatever names
it is handed; :func:`fda_zip_name` gives the name FDA uses for a quarter so tests and the
command line can hand it realistic ones.
"""

from __future__ import annotations

import re

ZIP_NAME = re.compile(r"^(aers|faers)_(ascii|xml|sgml)_(\d{4})([qQ])([1-4])\.zip$", re.IGNORECASE)
PERIODS = ("January - March", "April - June", "July - September", "October - December")

# Quarters whose links use an upper-case Q (YUN's snapshot of FDA's page, 2024-07-23).
_UPPER = frozenset(
    [f"{year}Q{n}" for year in (2019, 2020, 2021) for n in (1, 2, 3, 4)]
    + ["2022Q3", "2022Q4", "2023Q3", "2023Q4"]
)


def fda_zip_name(quarter: str, kind: str = "ascii") -> str:
    """The name FDA links for ``quarter`` ('YYYYQn'): ``aers_ascii_2004q1.zip``,
    ``faers_ascii_2019Q1.zip``, ``faers_xml_2022q1.zip``; legacy XML is ``aers_sgml_``."""
    year, n = int(quarter[:4]), int(quarter[5])
    legacy = (year, n) < (2012, 4)
    era = "aers" if legacy else "faers"
    kind = "sgml" if legacy and kind == "xml" else kind
    marker = "Q" if quarter.upper() in _UPPER else "q"
    return f"{era}_{kind}_{year}{marker}{n}.zip"


def quarter_of(name: str) -> str | None:
    """'YYYYQn' of an FDA zip name, or None for any other name."""
    match = ZIP_NAME.match(name)
    return f"{match.group(3)}Q{match.group(5)}" if match else None


def companion_name(ascii_name: str) -> str:
    """The XML (SGML for legacy AERS) zip listed beside an ASCII zip, in the same case."""
    match = ZIP_NAME.match(ascii_name)
    if match is None:
        raise ValueError(f"{ascii_name!r} is not an FDA quarterly zip name")
    kind = "sgml" if match.group(1).lower() == "aers" else "xml"
    return f"{match.group(1)}_{kind}_{match.group(3)}{match.group(4)}{match.group(5)}.zip"


def shown_mb(n_bytes: int) -> str:
    """A size as FDA's page shows it: three significant digits of MB, no space (``69.1MB``,
    ``138MB``)."""
    return f"{max(n_bytes / 2**20, 0.001):.3g}MB"
