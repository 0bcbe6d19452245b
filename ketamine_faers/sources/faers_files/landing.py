"""Lands one quarterly zip of FDA's files in ``files_landing.duckdb``.

The zip is read into temporary tables first (:mod:`.reader`: the staging tables, and the
tables of DuckDB's reads whose rows need no line repair); then, in one transaction, every
landing table loses the quarter's rows and gets the read ones. So
re-landing a quarter never duplicates it, and a failure leaves the previous copy whole.
"""

from __future__ import annotations

import contextlib
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ketamine_faers.catalog import relation_exists
from ketamine_faers.memory_limits import hold_to, memory_limit
from ketamine_faers.sources.faers_files.reader import (
    TABLES,
    FileRead,
    QuarterRead,
    era_of,
    quarter_from_name,
    stage_quarter,
)
from ketamine_faers.sources.faers_files.reader.quarter import (
    PreparedZip,
    prepare_zip,
    stage_prepared,
)
from ketamine_faers.sources.faers_files.reader.staging import (
    drop_stage_tables,
    empty_stage_tables,
    read_table,
    stage_table,
    staged_tables,
)
from ketamine_faers.sql_files import read_sql, run_sql

# Zips smaller than this (uncompressed) land with one DuckDB thread: the demo's quarters
# (under 1 MB) land about a fifth faster; FDA's quarters (hundreds of MB) keep every thread.
ONE_THREAD_BELOW = 32 * 1024 * 1024

#: Bytes DuckDB may hold while landing (at most 30 % of physical memory on a smaller
#: machine). Without it, landing FAERS at its real size grew to 8.4 GB resident
#: (benchmarks/RESULTS.md); one quarter's largest table is a few hundred MB.
LANDING_MEMORY_LIMIT_BYTES = 4 * 1024**3


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
    prepared: PreparedZip | None = None,
) -> LandingResult:
    """Replace ``quarter`` in the landing database (a path or an open connection) by the
    contents of ``zip_path``. ``quarter`` and ``era`` default to what the zip's name says;
    ``sha256`` (the zip's, from the download manifest) is recorded in ``landed_zips``;
    ``prepared`` is the zip's byte pass when it was done ahead (:func:`land_quarters`; the
    caller cleans it up), else it is done here."""
    started = time.monotonic()
    zip_path = Path(zip_path)
    quarter, era = resolve_quarter(zip_path, quarter, era)
    if isinstance(landing, duckdb.DuckDBPyConnection):
        with _threads_for(landing, zip_path):
            return _land(landing, quarter, era, zip_path, work_dir, started, sha256, prepared)
    with connect_landing(Path(landing)) as con, _threads_for(con, zip_path):
        return _land(con, quarter, era, zip_path, work_dir, started, sha256, prepared)


@dataclass(frozen=True)
class ZipToLand:
    """One quarter's zip for :func:`land_quarters`."""

    quarter: str
    zip_path: Path
    sha256: str | None = None


def zips_to_land(landing_db: Path, downloaded: Iterable[ZipToLand]) -> list[ZipToLand]:
    """The ``downloaded`` zips the landing does not hold yet, in quarter order: a quarter is
    landed again only when its zip's SHA-256 differs from the one it was landed from."""
    before = landed_zips(landing_db)
    return sorted(
        (item for item in downloaded if before.get(item.quarter) != item.sha256),
        key=lambda item: item.quarter,
    )


def land_quarters(
    con: duckdb.DuckDBPyConnection,
    zips: Sequence[ZipToLand],
    *,
    work_dir: Path | None = None,
) -> Iterator[LandingResult]:
    """Land ``zips`` in order through ``con``, yielding each result as it lands. The byte pass
    of the next zip (Python and zlib, no DuckDB) runs in a second thread while DuckDB lands
    the current one, so the two overlap on a 2-core machine; what lands is the same as
    :func:`land_quarter` one by one, and an error stops the loop at the same quarter."""
    if not zips:
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="faers-files-prepare") as pool:

        def ahead(item: ZipToLand) -> Future[PreparedZip]:
            return pool.submit(prepare_zip, item.zip_path, work_dir=work_dir)

        pending: Future[PreparedZip] | None = ahead(zips[0])
        try:
            for index, item in enumerate(zips):
                assert pending is not None
                prepared = pending.result()
                pending = ahead(zips[index + 1]) if index + 1 < len(zips) else None
                try:
                    yield land_quarter(
                        con,
                        item.quarter,
                        item.zip_path,
                        work_dir=work_dir,
                        sha256=item.sha256,
                        prepared=prepared,
                    )
                finally:
                    prepared.cleanup()
        finally:
            if pending is not None:  # stopped early: wait for the byte pass, drop its copies
                with contextlib.suppress(Exception):
                    pending.result().cleanup()


@contextlib.contextmanager
def _threads_for(con: duckdb.DuckDBPyConnection, zip_path: Path) -> Iterator[None]:
    """One DuckDB thread while a quarter whose zip holds less than ``ONE_THREAD_BELOW``
    bytes lands (its statements are small: a second thread costs more than it saves), the
    connection's setting otherwise and afterwards. Results do not depend on it."""
    try:
        with zipfile.ZipFile(zip_path) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile):  # the read reports it
        size = ONE_THREAD_BELOW
    if size >= ONE_THREAD_BELOW:
        yield
        return
    query = read_sql("operations/files_landing/select_threads.sql")
    ((threads,),) = con.execute(query).fetchall()
    run_sql(con, "operations/files_landing/set_threads.sql", {"threads": 1})
    try:
        yield
    finally:
        run_sql(con, "operations/files_landing/set_threads.sql", {"threads": int(threads)})


def connect_landing(landing_db: Path) -> duckdb.DuckDBPyConnection:
    """The landing database, opened for writing (its folder made when missing) and held to
    :data:`LANDING_MEMORY_LIMIT_BYTES`. One connection for a run's quarters: opening and
    closing the file per quarter costs more than a small quarter's read."""
    landing_db.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(landing_db))
    hold_to(con, memory_limit(LANDING_MEMORY_LIMIT_BYTES, share_of_physical=0.3))
    return con


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


def _replace_quarter(con: duckdb.DuckDBPyConnection, read: QuarterRead) -> list[str]:
    """In the open transaction: the quarter's rows out of every landing table; the rows read
    whole and in order, then the staged rows, in. Returns the tables that had staged rows."""
    quarter = read.quarter
    run_sql(con, "operations/files_landing/delete_quarter.sql", {"quarter": quarter})
    for table, file_name in read.read_in_order:
        run_sql(
            con,
            "operations/files_landing/land_read_rows.sql",
            {"quarter": quarter, "era": read.era, "file_name": file_name},
            identifiers={"landing_table": table, "read_table": read_table(table)},
        )
    staged = staged_tables(con)
    for table in staged:
        run_sql(
            con,
            "operations/files_landing/insert_staged_rows.sql",
            identifiers={"landing_table": table, "stage_table": stage_table(table)},
        )
    return staged


def _land(
    con: duckdb.DuckDBPyConnection,
    quarter: str,
    era: str,
    zip_path: Path,
    work_dir: Path | None,
    started: float,
    sha256: str | None = None,
    prepared: PreparedZip | None = None,
) -> LandingResult:
    try:
        if prepared is None:
            read = stage_quarter(con, zip_path, quarter, era, work_dir=work_dir)
        else:
            read = stage_prepared(con, prepared, quarter, era)
        con.begin()
        try:
            staged = _replace_quarter(con, read)
            run_sql(
                con,
                "operations/files_landing/record_landed_zip.sql",
                {"quarter": quarter, "zip_name": zip_path.name, "sha256": sha256},
            )
            con.commit()
        except BaseException:
            con.rollback()
            raise
        empty_stage_tables(con, staged)
    except BaseException:  # the staging tables may hold rows: the next quarter makes them anew
        drop_stage_tables(con)
        raise
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
