"""Which members of a quarterly zip are the seven tables and the deleted-case lists.

FDA's folder and file names drift by era (notes §2.1, §7 item 10): ``ascii/``, ``ASCII/``,
misspelt ``asci/`` and ``asii/``; ``.TXT`` and ``.txt``; ``demo12q4.txt``;
``DEMO18Q1_new.txt``; deleted lists named ``ADR19Q1DeletedCases.txt``,
``AllDeletedCases.txt``, ``21Q1DeletedCases.txt``, ``DELETE22Q4.txt``. So members are matched
by case-blind pattern on the file name at any depth, never by a fixed path; FDA's PDFs and
Word files, the ``STAT``/``SIZE`` statistics files and anything else are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ketamine_faers.quarters import parse_quarter
from ketamine_faers.sources.faers_files.reader.layouts import TABLES

_TABLE_FILE = re.compile(
    r"^(?P<table>demo|drug|reac|outc|rpsr|ther|indi)\d{2}q[1-4](?P<new>_new)?\.txt$", re.I
)
_DELETED_FILE = re.compile(r"^(?!\.).*delete.*\.txt$", re.I)
_ZIP_NAME = re.compile(r"(?P<prefix>f?aers)_ascii_(?P<year>\d{4})q(?P<q>[1-4])", re.I)
FIRST_FAERS_QUARTER = "2012Q4"


class MemberError(ValueError):
    """A zip whose members cannot be told apart (one table in two files)."""


@dataclass(frozen=True)
class Members:
    """The members to read: one per table found, every deleted list, and what was skipped."""

    tables: dict[str, str]
    deleted: tuple[str, ...]
    ignored: tuple[str, ...] = field(default=())

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(table for table in TABLES if table not in self.tables)


def find_members(names: Iterable[str]) -> Members:
    """Sort a zip's member names into tables, deleted lists and ignored files.

    A table found twice is an error, except that ``DEMO18Q1_new.txt`` wins over a plain
    ``DEMO18Q1.txt`` (FDA re-issued that file under the new name).
    """
    found: dict[str, list[tuple[bool, str]]] = {}
    deleted: list[str] = []
    ignored: list[str] = []
    for name in names:
        if name.endswith("/"):
            continue
        base = PurePosixPath(name).name
        table_match = _TABLE_FILE.match(base)
        if table_match:
            table = table_match.group("table").lower()
            found.setdefault(table, []).append((bool(table_match.group("new")), name))
        elif _DELETED_FILE.match(base):
            deleted.append(name)
        else:
            ignored.append(name)
    tables: dict[str, str] = {}
    for table, candidates in found.items():
        newest = [name for is_new, name in candidates if is_new] or [n for _, n in candidates]
        if len(newest) > 1:
            raise MemberError(f"the zip holds {table.upper()} more than once: {sorted(newest)}")
        tables[table] = newest[0]
    ordered = {table: tables[table] for table in TABLES if table in tables}
    return Members(ordered, tuple(sorted(deleted)), tuple(sorted(ignored)))


def era_of(quarter: str) -> str:
    """``aers`` for legacy quarters (2004Q1-2012Q3), ``faers`` from 2012Q4."""
    return "aers" if parse_quarter(quarter) < parse_quarter(FIRST_FAERS_QUARTER) else "faers"


def quarter_from_name(name: str) -> tuple[str, str] | None:
    """(quarter, era) from a zip named like FDA's (``aers_ascii_2004q1.zip``,
    ``faers_ascii_2022Q4.zip``, any letter case, any suffix), or None. A name whose prefix
    and quarter disagree on the era is refused."""
    match = _ZIP_NAME.search(PurePosixPath(name).name)
    if not match:
        return None
    quarter = f"{match.group('year')}Q{match.group('q')}"
    era = match.group("prefix").lower()
    if era != era_of(quarter):
        raise ValueError(f"{name}: an {era} zip cannot hold {quarter} ({era_of(quarter)} era)")
    return quarter, era
