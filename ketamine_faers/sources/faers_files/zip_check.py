"""Is a downloaded file a whole quarterly ASCII zip? Checked before it is renamed into place.

A body cut short can arrive with a ``Content-Length`` that fits it, and a resumed file can
join two versions of a zip; neither must ever sit in ``zips/`` looking good. So the file
must open as a zip, every member must pass its CRC (``testzip``), and the seven tables must
be there, found by case-blind name at any depth (notes §2.1: ``ascii/DEMO04Q1.TXT``,
``ASCII/DEMO22Q4.txt``, the odd ``DEMO18Q1_new.txt``).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

TABLES = ("DEMO", "DRUG", "REAC", "OUTC", "RPSR", "THER", "INDI")
_MEMBER = re.compile(r"(?:^|/)(" + "|".join(TABLES) + r")\d{2}q[1-4](?:_new)?\.txt$", re.I)


@dataclass(frozen=True)
class ZipProblem:
    """Why a file is not a good quarterly zip. ``broken`` problems (not a zip, a bad CRC)
    come from the transfer and are worth a fresh download; the others are the file's."""

    reason: str
    broken: bool


def table_members(names: list[str]) -> dict[str, str]:
    """The member holding each table (first found), by upper-case table name."""
    found: dict[str, str] = {}
    for name in names:
        match = _MEMBER.search(name)
        if match:
            found.setdefault(match.group(1).upper(), name)
    return found


def check_zip(path: Path) -> ZipProblem | None:
    """None when ``path`` is a whole zip holding the seven tables, else the problem."""
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
            names = archive.namelist()
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        return ZipProblem(f"not a whole zip file ({type(exc).__name__})", broken=True)
    except (zipfile.LargeZipFile, NotImplementedError, RuntimeError) as exc:
        return ZipProblem(f"a zip that cannot be read here ({type(exc).__name__})", False)
    if bad is not None:
        return ZipProblem(f"the zip member {bad} fails its CRC check", broken=True)
    missing = [table for table in TABLES if table not in table_members(names)]
    if missing:
        return ZipProblem(f"the zip lacks the table(s) {', '.join(missing)}", broken=False)
    return None
