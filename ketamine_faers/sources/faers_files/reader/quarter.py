"""One quarterly zip -> the staging copies of every landing table (``files_stage_<table>``),
and the tables of DuckDB's reads (``files_read_<table>``) whose rows need no line repair.

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
from ketamine_faers.sources.faers_files.reader.facts import FileRead, stage_file_reads
from ketamine_faers.sources.faers_files.reader.members import Members, find_members
from ketamine_faers.sources.faers_files.reader.prepare import Prepared, prepare_member
from ketamine_faers.sources.faers_files.reader.staging import create_stage_tables
from ketamine_faers.sources.faers_files.reader.tables import read_table_files
from ketamine_faers.sql_files import run_sql


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
    # (table, file name) of the files whose rows DuckDB read whole and in order: they stay in
    # files_read_<table> and the landing inserts them (land_read_rows.sql)
    read_in_order: tuple[tuple[str, str], ...] = ()

    def rows(self, table: str) -> int:
        return sum(read.rows_loaded for read in self.files if read.table_name == table)

    @property
    def quarantined(self) -> int:
        return sum(read.rows_quarantined for read in self.files)


@dataclass
class PreparedZip:
    """The byte pass of one zip, done: its members, and the clean copies of its table files
    and deleted lists in a temporary folder that :meth:`cleanup` removes. No DuckDB is
    involved, so it can run in another thread while the previous quarter lands."""

    zip_name: str
    members: Members
    tables: list[tuple[str, Prepared]]
    deleted: list[Prepared]
    folder: tempfile.TemporaryDirectory[str]
    seconds: float

    def cleanup(self) -> None:
        self.folder.cleanup()


def prepare_zip(zip_path: Path, *, work_dir: Path | None = None) -> PreparedZip:
    """The byte pass (:func:`.prepare.prepare_member`) of every table file and deleted list of
    ``zip_path``, into a temporary folder (in ``work_dir`` when given)."""
    started = time.monotonic()
    folder = tempfile.TemporaryDirectory(prefix="faers-files-", dir=work_dir)
    try:
        with zipfile.ZipFile(zip_path) as archive:
            members = find_members(archive.namelist())
            tables = [
                (table, prepare_member(archive, member, Path(folder.name) / f"{table}.txt"))
                for table, member in members.tables.items()
            ]
            deleted = [
                prepare_member(archive, member, Path(folder.name) / f"deleted{index}.txt")
                for index, member in enumerate(members.deleted)
            ]
    except BaseException:
        folder.cleanup()
        raise
    return PreparedZip(
        zip_name=zip_path.name,
        members=members,
        tables=tables,
        deleted=deleted,
        folder=folder,
        seconds=round(time.monotonic() - started, 3),
    )


def stage_quarter(
    con: duckdb.DuckDBPyConnection,
    zip_path: Path,
    quarter: str,
    era: str,
    *,
    work_dir: Path | None = None,
) -> QuarterRead:
    """Read every table and deleted list of ``zip_path`` into the (empty) staging tables; the
    rows of a table file DuckDB read whole and in order stay in its read's table
    (``files_read_<table>``, listed in ``read_in_order``) until the landing inserts them.

    Members are copied to a temporary folder (in ``work_dir`` when given) by the byte pass,
    read, and removed with it.
    """
    prepared = prepare_zip(zip_path, work_dir=work_dir)
    try:
        return stage_prepared(con, prepared, quarter, era)
    finally:
        prepared.cleanup()


def stage_prepared(
    con: duckdb.DuckDBPyConnection, prepared: PreparedZip, quarter: str, era: str
) -> QuarterRead:
    """:func:`stage_quarter` for a zip whose byte pass is done (:func:`prepare_zip`)."""
    started = time.monotonic()
    create_stage_tables(con)
    run_sql(con, "operations/files_landing/reset_read_tables.sql")
    tables = read_table_files(con, prepared.tables, quarter=quarter, era=era)
    reads: list[FileRead] = list(tables.files)
    for copy in prepared.deleted:
        reads.append(read_deleted_file(con, copy, quarter=quarter, era=era))
    stage_file_reads(con, reads, quarter=quarter, era=era)
    return QuarterRead(
        quarter=quarter,
        era=era,
        zip_name=prepared.zip_name,
        files=tuple(reads),
        missing_tables=prepared.members.missing,
        ignored_members=prepared.members.ignored,
        seconds=round(time.monotonic() - started + prepared.seconds, 3),
        read_in_order=tuple(tables.in_order),
    )
