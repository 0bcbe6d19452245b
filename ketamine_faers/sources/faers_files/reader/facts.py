"""Per-file facts of a read: one row of ``file_reads`` each, and the nothing-lost check."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import duckdb
import pyarrow as pa

from ketamine_faers.sources.faers_files.reader.staging import stage_frame


class ReaderError(RuntimeError):
    """The reader's own accounting does not add up: a bug, never landed."""


@dataclass(frozen=True)
class FileRead:
    """How one member of the zip was read.

    Nothing is lost when ``lines_read = rows_loaded + rows_quarantined - rows_split_extra +
    lines_joined``: every data line became a row, several rows (a run-on line), part of a
    row (a line joined onto the one before) or a quarantine row.
    """

    file_name: str
    table_name: str
    encoding: str
    line_endings: str
    header: str
    lines_read: int
    rows_loaded: int
    rows_quarantined: int
    rows_repaired: int
    rows_split_extra: int
    lines_joined: int
    control_bytes_removed: int
    unknown_columns: tuple[str, ...] = ()

    @property
    def balanced(self) -> bool:
        accounted = (
            self.rows_loaded + self.rows_quarantined - self.rows_split_extra + self.lines_joined
        )
        return self.lines_read == accounted

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_INT_COLUMNS = (
    "line_no",
    "lines_read",
    "rows_loaded",
    "rows_quarantined",
    "rows_repaired",
    "rows_split_extra",
    "lines_joined",
    "control_bytes_removed",
)


def check_balanced(read: FileRead) -> FileRead:
    """``read``, once it is checked that nothing was lost."""
    if not read.balanced:
        raise ReaderError(f"{read.file_name}: lines and rows do not add up: {read}")
    return read


def stage_file_reads(
    con: duckdb.DuckDBPyConnection, reads: Sequence[FileRead], *, quarter: str, era: str
) -> None:
    """Check that nothing was lost, then stage the files' ``file_reads`` rows, in one batch."""
    rows = []
    for read in reads:
        row = check_balanced(read).as_dict()
        row["line_no"] = 1
        row["unknown_columns"] = ",".join(read.unknown_columns) or None
        rows.append(row)
    if not rows:
        return
    stage_frame(
        con,
        "file_reads",
        {name: [row[name] for row in rows] for name in rows[0]},
        {name: pa.int64() for name in _INT_COLUMNS},
        quarter=quarter,
        era=era,
    )
