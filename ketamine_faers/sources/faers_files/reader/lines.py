"""Line-level repair for the few lines DuckDB's strict reader rejects (notes §4.6, §4.7).

Only rejected lines come here, so this Python never runs on the hot path. Each rejected line
is either loaded (as it is, split, joined or repaired) or quarantined with a reason; none is
dropped and no value is moved to another column without a rule that proves where it goes:

* **Blank lines** are quarantined (``blank line``).
* **Too many fields, whole records run together** (2010Q2-2011Q4 DRUG): when the fields are
  exactly k >= 2 header-widths (plus the legacy trailing empty field) and every piece starts
  with a numeric report id, the line becomes k rows, all with the line's number.
* **Too many fields, one embedded ``$``**: repaired only by a known repair below (the 2012Q1
  DEMO ``JP-CUBIST-$E2B0000000182`` manufacturer number); otherwise quarantined.
* **Too few fields**: joined with the next line when that line was rejected too and the two
  together make exactly the header's width (a record broken by a line feed inside a value;
  the line feed is kept in the value, as in FDA's file); otherwise quarantined.

A line has the header's width in fields; a legacy (AERS) line may add exactly one trailing
empty field (its trailing ``$``). Any other count is a damaged line, even when the extra fields
are empty: a FAERS REAC row ``1$1$Head$ache$`` would otherwise load shifted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ketamine_faers.sources.faers_files.reader.layouts import Header

Fields = list[str]
_ID = re.compile(r"^\d+$")
_DATE = re.compile(r"^(\d{4}|\d{6}|\d{8})?$")
_NUMBER = re.compile(r"^(\d*\.?\d*)$")
_DATE_COLUMNS = ("event_dt", "mfr_dt", "init_fda_dt", "fda_dt", "rept_dt", "death_dt")


@dataclass
class Repairs:
    """What the rejected lines of one file became."""

    rows: list[tuple[int, list[str | None]]] = field(default_factory=list)
    quarantined: list[tuple[int, str, str]] = field(default_factory=list)  # line, reason, raw
    rows_repaired: int = 0  # lines split, joined or repaired
    rows_split_extra: int = 0  # rows beyond one per line, from splitting run-on lines
    lines_joined: int = 0  # continuation lines joined onto the line before


def fit(fields: Sequence[str], width: int, legacy: bool) -> Fields | None:
    """The line's values when it has the header's width (legacy: or one more, empty), else
    None."""
    if len(fields) == width or (legacy and len(fields) == width + 1 and fields[-1] == ""):
        return list(fields[:width])
    return None


def split_run_on(fields: Sequence[str], header: Header) -> list[Fields] | None:
    """Whole records on one line: k pieces of the header's width (legacy records end in
    ``$``, so the line ends in one empty field), each starting with a numeric report id."""
    width = header.width
    key = header.position("primaryid")
    count = len(fields) - 1 if len(fields) % width == 1 and fields[-1] == "" else len(fields)
    if key is None or count % width or count // width < 2:
        return None
    pieces = [list(fields[start : start + width]) for start in range(0, count, width)]
    if not all(_ID.match(piece[key]) for piece in pieces):
        return None
    return pieces


def _dates_and_age_valid(row: Sequence[str], header: Header) -> bool:
    for column in _DATE_COLUMNS:
        position = header.position(column)
        if position is not None and not _DATE.match(row[position]):
            return False
    age = header.position("age")
    return age is None or bool(_NUMBER.match(row[age]))


def _mfr_num_with_dollar(fields: Sequence[str], header: Header, legacy: bool) -> Fields | None:
    """2012Q1 DEMO, ISR 8129732: ``JP-CUBIST-$E2B0000000182``. The ``$`` follows a hyphen
    that ends a sender code; re-joined, the row must have valid dates and age."""
    position = header.position("mfr_num")
    if header.table != "demo" or position is None or position + 1 >= len(fields):
        return None
    if not fields[position].endswith("-") or not fields[position + 1]:
        return None
    joined = [
        *fields[:position],
        f"{fields[position]}${fields[position + 1]}",
        *fields[position + 2 :],
    ]
    row = fit(joined, header.width, legacy)
    return row if row is not None and _dates_and_age_valid(row, header) else None


# Repairs for one embedded '$' that are known to be right: name -> repair.
KNOWN_REPAIRS: dict[str, Callable[[Sequence[str], Header, bool], Fields | None]] = {
    "mfr_num holding a '$'": _mfr_num_with_dollar,
}


def _nulls(row: Sequence[str]) -> list[str | None]:
    return [value if value != "" else None for value in row]


def _extra_fields(fields: Sequence[str], width: int, legacy: bool) -> int:
    """Fields beyond the header's width (a legacy line's one trailing empty field aside)."""
    trailing = 1 if legacy and len(fields) > width and fields[-1] == "" else 0
    return len(fields) - trailing - width


def repair_lines(rejected: Sequence[tuple[int, str]], header: Header, *, legacy: bool) -> Repairs:
    """Load or quarantine every rejected line (sorted by line number); ``legacy`` for AERS
    files, whose lines may end in one empty field."""
    out = Repairs()
    width = header.width
    index = 0
    while index < len(rejected):
        line_no, text = rejected[index]
        index += 1
        fields = text.split("$")
        if not text.strip():
            out.quarantined.append((line_no, "blank line", text))
            continue
        row = fit(fields, width, legacy)
        if row is not None:  # DuckDB rejected it for another reason, but it is whole
            out.rows.append((line_no, _nulls(row)))
            continue
        extra = _extra_fields(fields, width, legacy)
        if extra > 0:
            pieces = split_run_on(fields, header)
            if pieces:
                out.rows.extend((line_no, _nulls(piece)) for piece in pieces)
                out.rows_repaired += 1
                out.rows_split_extra += len(pieces) - 1
                continue
            if extra == 1:
                repaired = next(
                    (
                        row
                        for repair in KNOWN_REPAIRS.values()
                        if (row := repair(fields, header, legacy))
                    ),
                    None,
                )
                if repaired is not None:
                    out.rows.append((line_no, _nulls(repaired)))
                    out.rows_repaired += 1
                    continue
            out.quarantined.append(
                (
                    line_no,
                    f"too many fields: {len(fields)} for a header of {width}, "
                    "not whole records and no known repair",
                    text,
                )
            )
            continue
        if index < len(rejected) and rejected[index][0] == line_no + 1:
            next_text = rejected[index][1]
            joined = fit(f"{text}\n{next_text}".split("$"), width, legacy)
            short_next = _extra_fields(next_text.split("$"), width, legacy) < 0
            if joined is not None and next_text.strip() and short_next:
                out.rows.append((line_no, _nulls(joined)))
                out.rows_repaired += 1
                out.lines_joined += 1
                index += 1
                continue
        out.quarantined.append(
            (
                line_no,
                f"too few fields: {len(fields)} for a header of {width}, "
                "and no next line completes it",
                text,
            )
        )
    return out
