"""A local stand-in for FDA's quarterly-files download site (no internet needed).

``LocalFaersFiles(zips).start()`` serves, on 127.0.0.1, an index page shaped like FDA's
Quarterly Data Extract page (year panels, period rows, ASCII and XML links with sizes, names
in FDA's mixed ``q``/``Q`` case) and the ASCII zips it was handed, with ``Range`` support.
``.faults`` injects 5xx/429, cut and truncated bodies, trickles, off-origin redirects and a
page that misstates sizes, seeded and reproducible. See :mod:`.site`, :mod:`.faults`.
:mod:`.writer` writes quarterly zips in FDA's layout of each era, with injectable quirks.
"""

from .faults import FAULT_KINDS, PAGE_KINDS, REQUEST_KINDS, Fault, FaultPlan
from .handler import RequestRecord
from .names import companion_name, fda_zip_name, quarter_of, shown_mb
from .page import EXPORTS_PATH, PAGE_PATH
from .site import LocalFaersFiles

__all__ = [
    "EXPORTS_PATH",
    "FAULT_KINDS",
    "PAGE_KINDS",
    "PAGE_PATH",
    "REQUEST_KINDS",
    "Fault",
    "FaultPlan",
    "LocalFaersFiles",
    "RequestRecord",
    "companion_name",
    "fda_zip_name",
    "quarter_of",
    "shown_mb",
]
