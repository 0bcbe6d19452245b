"""Writes one quarter of the SYNTHETIC sample as a zip in FDA's layout, fast and reproducibly.

:func:`.writer.write_quarter_zip` stamps members with the current time and checks every
row's columns; the sample writes about 70,000 cases per run, so this module builds the lines
from the writer's own header and layout, stamps members with a date fixed by the quarter
(same rows, same bytes) and deflates at level 1.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

from ketamine_faers.quarters import parse_quarter
from standins.faers_files.names import fda_zip_name
from standins.faers_files.sample_rows import Row, Tables
from standins.faers_files.writer import (
    TABLE_ORDER,
    Quirks,
    deleted_list_text,
    deleted_member_name,
    encode_lines,
    ends_with_delimiter,
    header_line,
    member_name,
    unified_columns,
)

_PLAIN = Quirks()


def fda_lines(table: str, quarter: str, rows: Sequence[Row]) -> list[str]:
    """What :func:`.writer.table_lines` gives for ``rows`` without its per-row column check
    (the rows come from :class:`.sample_rows.RowMaker`, columns the layout lacks ignored):
    the header from the writer, then each row in the layout's column order."""
    names = unified_columns(table, quarter)
    trailing = "$" if ends_with_delimiter(table, quarter) else ""
    return [
        header_line(table, quarter),
        *("$".join([row.get(n) or "" for n in names]) + trailing for row in rows),
    ]


def write_zip(folder: Path, quarter: str, tables: Tables, deleted: Sequence[str] = ()) -> Path:
    """One quarter's zip under FDA's link name: the seven tables in the era's layout (via
    :mod:`.writer`), the deleted list, fixed timestamps (same input, same bytes) and fast
    compression (level 1: the demo writes every quarter)."""
    year, q = parse_quarter(quarter)
    stamp = (year, q * 3, 28, 0, 0, 0)
    path = folder / fda_zip_name(quarter)
    with zipfile.ZipFile(path, "w") as archive:

        def put(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)

        for table in TABLE_ORDER:
            lines = fda_lines(table, quarter, tables[table])
            put(member_name(table, quarter, _PLAIN), encode_lines(lines, table, quarter, _PLAIN))
        if deleted:
            put(deleted_member_name(quarter), deleted_list_text(sorted(deleted)).encode("ascii"))
    return path
