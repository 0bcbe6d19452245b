"""One quarterly zip -> the staging copies of every landing table (``files_stage_<table>``).

The landing (:mod:`ketamine_faers.sources.faers_files.landing`) swaps them in; keeping the
read apart lets it be tested without a landing database's history.
"""

from __future__ import annotations

import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ketamine_faers.sources.faers_files.reader.deleted import read_deleted_file
from ketamine_faers.sources.faers_files.reader.facts import FileRead
from ketamine_faers.sources.faers_files.reader.members import find_members
from ketamine_faers.sources.faers_files.reader.prepare import prepare_member
from ketamine_faers.sources.faers_files.reader.staging import create_stage_tables
from ketamine_faers.sources.faers_files.reader.tables import read_table_file


@dataclass(frozen=True)
class QuarterRead:
    """What was read from one zip: a ``FileRead`` per member, and what was not there."""

    quarter: str
    era: str
    zip_name: str
    files: tuple[FileRead, ...]
    missing_tables: tuple[str, ...]
    ignored_members: tuple[str, ...]
    seconds: float

    def rows(self, table: str) -> int:
        return sum(read.rows_loaded for read in self.files if read.table_name == table)

    @property
    def quarantined(self) -> int:
        return sum(read.rows_quarantined for read in self.files)


def stage_quarter(
    con: duckdb.DuckDBPyConnection,
    zip_path: Path,
    quarter: str,
    era: str,
    *,
    work_dir: Path | None = None,
) -> QuarterRead:
    """Read every table and deleted list of ``zip_path`` into fresh staging tables.

    Members are copied one at a time to a temporary folder (in ``work_dir`` when given) by the
    byte pass, read, and removed.
    """
    started = time.monotonic()
    create_stage_tables(con)
    reads: list[FileRead] = []
    with zipfile.ZipFile(zip_path) as archive:
        members = find_members(archive.namelist())
        with tempfile.TemporaryDirectory(prefix="faers-files-", dir=work_dir) as folder:
            for table, member in members.tables.items():
                copy = prepare_member(archive, member, Path(folder) / f"{table}.txt")
                reads.append(read_table_file(con, copy, table, quarter=quarter, era=era))
                copy.path.unlink()
            for index, member in enumerate(members.deleted):
                copy = prepare_member(archive, member, Path(folder) / f"deleted{index}.txt")
                reads.append(read_deleted_file(con, copy, quarter=quarter, era=era))
                copy.path.unlink()
    return QuarterRead(
        quarter=quarter,
        era=era,
        zip_name=zip_path.name,
        files=tuple(reads),
        missing_tables=members.missing,
        ignored_members=members.ignored,
        seconds=round(time.monotonic() - started, 3),
    )
