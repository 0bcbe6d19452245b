"""Lands one quarterly zip of FDA's files in ``files_landing.duckdb``.

The zip is read into temporary staging tables first (:mod:`.reader`); then, in one
transaction, every landing table loses the quarter's rows and gets the staged ones. So
re-landing a quarter never duplicates it, and a failure leaves the previous copy whole.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ketamine_faers.catalog import relation_exists
from ketamine_faers.sources.faers_files.reader import (
    TABLES,
    FileRead,
    era_of,
    quarter_from_name,
    stage_quarter,
)
from ketamine_faers.sources.faers_files.reader.staging import drop_stage_tables
from ketamine_faers.sql_files import read_sql, run_sql


@dataclass(frozen=True)
class LandingResult:
    """One landed quarter: rows per table, quarantined lines and the per-file facts."""

    quarter: str
    era: str
    zip_name: str
    rows: dict[str, int]  # per FDA table, and "deleted"
    quarantined: int
    files: tuple[FileRead, ...]
    missing_tables: tuple[str, ...]
    seconds: float

    @property
    def rows_repaired(self) -> int:
        return sum(read.rows_repaired for read in self.files)


def resolve_quarter(zip_path: Path, quarter: str | None, era: str | None) -> tuple[str, str]:
    """The quarter and era given, else read from the zip's name (``faers_ascii_2022Q4``)."""
    from_name = quarter_from_name(zip_path.name)
    if quarter is None:
        if from_name is None:
            raise ValueError(
                f"{zip_path.name}: no quarter in the name (expected e.g. faers_ascii_2022Q4.zip); "
                "pass the quarter"
            )
        quarter = from_name[0]
    era = era or era_of(quarter)
    if era not in ("aers", "faers"):
        raise ValueError(f"era must be 'aers' or 'faers', not {era!r}")
    return quarter, era


def land_quarter(
    landing: str | Path | duckdb.DuckDBPyConnection,
    quarter: str | None,
    zip_path: str | Path,
    *,
    era: str | None = None,
    work_dir: Path | None = None,
    sha256: str | None = None,
) -> LandingResult:
    """Replace ``quarter`` in the landing database (a path or an open connection) by the
    contents of ``zip_path``. ``quarter`` and ``era`` default to what the zip's name says;
    ``sha256`` (the zip's, from the download manifest) is recorded in ``landed_zips``."""
    started = time.monotonic()
    zip_path = Path(zip_path)
    quarter, era = resolve_quarter(zip_path, quarter, era)
    if isinstance(landing, duckdb.DuckDBPyConnection):
        return _land(landing, quarter, era, zip_path, work_dir, started, sha256)
    with duckdb.connect(str(landing)) as con:
        return _land(con, quarter, era, zip_path, work_dir, started, sha256)


def connect_landing(landing_db: Path) -> duckdb.DuckDBPyConnection:
    """The landing database, opened for writing (its folder made when missing). One
    connection for a run's quarters: opening and closing the file per quarter costs more
    than a small quarter's read."""
    landing_db.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(landing_db))


def landed_zips(landing_db: Path) -> dict[str, str | None]:
    """quarter -> SHA-256 of the zip it was landed from (None when not recorded); empty when
    nothing was landed yet."""
    if not landing_db.exists():
        return {}
    with duckdb.connect(str(landing_db), read_only=True) as con:
        if not relation_exists(con, "main.landed_zips"):
            return {}
        rows = con.execute(read_sql("operations/files_landing/select_landed_zips.sql")).fetchall()
    return {quarter: sha for quarter, _name, sha in rows}


def _land(
    con: duckdb.DuckDBPyConnection,
    quarter: str,
    era: str,
    zip_path: Path,
    work_dir: Path | None,
    started: float,
    sha256: str | None = None,
) -> LandingResult:
    try:
        read = stage_quarter(con, zip_path, quarter, era, work_dir=work_dir)
        con.begin()
        try:
            run_sql(con, "operations/files_landing/replace_quarter.sql", {"quarter": quarter})
            run_sql(
                con,
                "operations/files_landing/record_landed_zip.sql",
                {"quarter": quarter, "zip_name": zip_path.name, "sha256": sha256},
            )
            con.commit()
        except BaseException:
            con.rollback()
            raise
    finally:
        drop_stage_tables(con)
    return LandingResult(
        quarter=quarter,
        era=era,
        zip_name=zip_path.name,
        rows={table: read.rows(table) for table in (*TABLES, "deleted")},
        quarantined=read.quarantined,
        files=read.files,
        missing_tables=read.missing_tables,
        seconds=round(time.monotonic() - started, 3),
    )
