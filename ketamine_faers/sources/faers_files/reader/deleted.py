"""FDA's deleted-case lists (from 2019Q1; notes §2.2, §7 item 11).

A list has no header and opens with a line holding one space (``DELETE22Q4.txt``,
``DELETE21Q4.txt``); each further line is one FAERS ``caseid``, sorted as text. Peers also
accept a ``caseid`` header line (DIA-C), so one is read as a header. Blank and space-only lines
are not data and are passed over; an id is the line without surrounding spaces and must be all
digits, anything else is quarantined. The lists are small, so they are read in Python from the
byte pass's clean copy (encoding and line endings already handled).
"""

from __future__ import annotations

import re

import duckdb
import pyarrow as pa

from ketamine_faers.sources.faers_files.reader.facts import FileRead
from ketamine_faers.sources.faers_files.reader.prepare import Prepared
from ketamine_faers.sources.faers_files.reader.staging import stage_frame
from ketamine_faers.sources.faers_files.reader.tables import stage_quarantine

_ID = re.compile(r"^\d+$")


def parse_deleted(
    lines: list[str],
) -> tuple[list[tuple[int, str]], list[tuple[int, str, str]], int]:
    """(line number, caseid) per id, (line number, reason, text) per bad line, and the number
    of data lines (blank lines and a ``caseid`` header excluded)."""
    ids: list[tuple[int, str]] = []
    bad: list[tuple[int, str, str]] = []
    data_lines = 0
    seen_content = False
    for line_no, text in enumerate(lines, start=1):
        value = text.strip()
        if not value:
            continue
        if not seen_content and value.lower() == "caseid":
            seen_content = True
            continue
        seen_content = True
        data_lines += 1
        if _ID.match(value):
            ids.append((line_no, value))
        else:
            bad.append((line_no, "not a case id (digits only)", text))
    return ids, bad, data_lines


def read_deleted_file(
    con: duckdb.DuckDBPyConnection, prepared: Prepared, *, quarter: str, era: str
) -> FileRead:
    """Stage one deleted-case list's ids and its bad lines; its ``file_reads`` row is staged
    with the quarter's others (:func:`.facts.stage_file_reads`)."""
    text = prepared.path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    ids, bad, data_lines = parse_deleted(lines)
    stage_frame(
        con,
        "deleted",
        {
            "file_name": [prepared.member] * len(ids),
            "line_no": [line for line, _ in ids],
            "caseid": [caseid for _, caseid in ids],
        },
        {"line_no": pa.int64()},
        quarter=quarter,
        era=era,
    )
    stage_quarantine(con, prepared.member, "deleted", bad, quarter, era)
    return FileRead(
        file_name=prepared.member,
        table_name="deleted",
        encoding=prepared.encoding,
        line_endings=prepared.line_endings,
        header=prepared.first_line,
        lines_read=data_lines,
        rows_loaded=len(ids),
        rows_quarantined=len(bad),
        rows_repaired=0,
        rows_split_extra=0,
        lines_joined=0,
        control_bytes_removed=prepared.control_bytes_removed,
    )
