"""Reads a quarter's prepared table files with DuckDB, repairs what DuckDB rejects, stages
the rows.

DuckDB's CSV reader does the bulk (strict, '$', no quoting, all VARCHAR, the header's
columns), one read per file. A second DuckDB scan of the same files as whole lines (one scan
for the quarter's files) numbers every line and counts its fields; the Python of :mod:`.lines`
then sees only the lines DuckDB rejected, the empty ones, and those whose field count is wrong
although DuckDB read them (it drops empty fields beyond the header's width without a word).
When a file has none of these, its rows stay in its read's table, in file order, and the
landing inserts them with their line numbers (no renumbering, no staging copy).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from ketamine_faers.sources.faers_files.reader.facts import FileRead, ReaderError
from ketamine_faers.sources.faers_files.reader.layouts import Header, parse_header
from ketamine_faers.sources.faers_files.reader.lines import Repairs, repair_lines
from ketamine_faers.sources.faers_files.reader.prepare import Prepared
from ketamine_faers.sources.faers_files.reader.staging import read_table, stage_frame, stage_table
from ketamine_faers.sql_files import read_sql, run_sql


@dataclass(frozen=True)
class TableReads:
    """What the table files of a quarter became: a ``FileRead`` each, and the tables whose
    rows DuckDB read whole and in file order: (table, file name) each, left in
    ``files_read_<table>`` for the landing to insert with their line numbers (the rowid + 2)."""

    files: list[FileRead]
    in_order: list[tuple[str, str]]


def read_table_files(
    con: duckdb.DuckDBPyConnection,
    files: Sequence[tuple[str, Prepared]],
    *,
    quarter: str,
    era: str,
) -> TableReads:
    """Read every data line of a quarter's table files ((table, prepared copy) each) as a row
    or a quarantine row. The whole-line scan reads all the files at once; each file then gets
    its own '$' read, into ``files_read_<table>``."""
    legacy = era == "aers"
    headers = [parse_header(table, prepared.first_line) for table, prepared in files]
    pairs = [(prepared, header) for (_, prepared), header in zip(files, headers, strict=True)]
    suspects = _suspect_lines(con, pairs, legacy=legacy)
    counts = {
        header.table: _read_with_duckdb(con, prepared, header)
        for prepared, header in pairs
        if prepared.data_lines > 0 and header.position("primaryid") is not None
    }
    rejected = _rejected_lines(con) if counts else {}
    reads: list[FileRead] = []
    in_order: list[tuple[str, str]] = []
    for prepared, header in pairs:
        path = str(prepared.path)
        if header.table in counts:
            read_by_duckdb, repairs = _take_duckdb_rows(
                con,
                prepared,
                header,
                counts[header.table],
                _lines_to_repair(con, prepared, suspects.get(path, []), rejected.get(path, [])),
                rejected.get(path, []),
                quarter,
                era,
                legacy,
            )
            if repairs is None:
                in_order.append((header.table, prepared.member))
                repairs = Repairs()
        elif prepared.data_lines == 0:
            repairs, read_by_duckdb = Repairs(), 0
        else:  # the header names no report id: every line is quarantined
            reason = f"the header names no isr/primaryid column: {header.text[:200]!r}"
            every = suspects.get(path, [])
            repairs = Repairs(quarantined=[(line_no, reason, text) for line_no, text in every])
            read_by_duckdb = 0
        _stage_repairs(con, prepared, header, repairs, quarter=quarter, era=era)
        reads.append(_file_read(prepared, header, read_by_duckdb, repairs))
    return TableReads(reads, in_order)


def _file_read(
    prepared: Prepared, header: Header, read_by_duckdb: int, repairs: Repairs
) -> FileRead:
    return FileRead(
        file_name=prepared.member,
        table_name=header.table,
        encoding=prepared.encoding,
        line_endings=prepared.line_endings,
        header=header.text,
        lines_read=prepared.data_lines,
        rows_loaded=read_by_duckdb + len(repairs.rows),
        rows_quarantined=len(repairs.quarantined),
        rows_repaired=repairs.rows_repaired,
        rows_split_extra=repairs.rows_split_extra,
        lines_joined=repairs.lines_joined,
        control_bytes_removed=prepared.control_bytes_removed,
        unknown_columns=header.unknown,
    )


def _suspect_lines(
    con: duckdb.DuckDBPyConnection,
    files: Sequence[tuple[Prepared, Header]],
    *,
    legacy: bool,
) -> dict[str, list[tuple[int, str]]]:
    """Per file path, (line number, text) of the lines the '$' read cannot be trusted with:
    empty lines and lines without the header's width (every line of a file whose header
    names no report id). One whole-line scan of every file that has data lines."""
    scanned = [(prepared, header) for prepared, header in files if prepared.data_lines > 0]
    if not scanned:
        return {}
    paths = [str(prepared.path) for prepared, _ in scanned]
    widths = [
        header.width if header.position("primaryid") is not None else -1 for _, header in scanned
    ]
    run_sql(con, "operations/files_landing/read_file_lines.sql", {"paths": paths})
    query = read_sql("operations/files_landing/select_lines_to_repair.sql")
    params = {"paths": paths, "widths": widths, "legacy": legacy}
    suspects: dict[str, list[tuple[int, str]]] = {}
    for path, line_no, text in con.execute(query, params).fetchall():
        suspects.setdefault(path, []).append((int(line_no), text))
    return suspects


def _read_with_duckdb(con: duckdb.DuckDBPyConnection, prepared: Prepared, header: Header) -> int:
    """The '$' read of one file into ``files_read_<table>``; the number of rows DuckDB read."""
    query = read_sql(
        "operations/files_landing/read_table_file.sql",
        identifiers={"read_table": read_table(header.table)},
    )
    params = {"path": str(prepared.path), "columns": {name: "VARCHAR" for name in header.columns}}
    ((count,),) = con.execute(query, params).fetchall()
    return int(count)


def _rejected_lines(con: duckdb.DuckDBPyConnection) -> dict[str, list[int]]:
    """Per file path, the lines the quarter's '$' reads rejected."""
    query = read_sql("operations/files_landing/select_rejected_lines.sql")
    return {path: [int(line) for line in lines] for path, lines in con.execute(query).fetchall()}


def _lines_to_repair(
    con: duckdb.DuckDBPyConnection,
    prepared: Prepared,
    suspects: list[tuple[int, str]],
    rejected: list[int],
) -> list[tuple[int, str]]:
    """(line number, text) of the lines the '$' read cannot be trusted with: the suspects
    and the lines DuckDB rejected, by line number."""
    flagged = {line_no for line_no, _ in suspects}
    more = sorted(set(rejected) - flagged)
    if not more:
        return suspects
    query = read_sql("operations/files_landing/select_file_lines.sql")
    params = {"path": str(prepared.path), "line_nos": more}
    texts = [(int(line_no), text) for line_no, text in con.execute(query, params).fetchall()]
    return sorted([*suspects, *texts])


def _take_duckdb_rows(
    con: duckdb.DuckDBPyConnection,
    prepared: Prepared,
    header: Header,
    read_by_duckdb: int,
    to_repair: list[tuple[int, str]],
    rejected: list[int],
    quarter: str,
    era: str,
    legacy: bool,
) -> tuple[int, Repairs | None]:
    """Check DuckDB's read against the file's lines; stage its rows and repair the rest. The
    repairs are None when no line needs one: the rows then stay in ``files_read_<table>``,
    in file order, for the landing (``land_read_rows.sql``)."""
    empty = [line_no for line_no, text in to_repair if text == ""]
    skipped = sorted({*rejected, *empty})
    if read_by_duckdb + len(skipped) != prepared.data_lines:
        raise ReaderError(
            f"{prepared.member}: DuckDB read {read_by_duckdb} rows and skipped {len(skipped)} "
            f"lines of {prepared.data_lines}"
        )
    if not to_repair:  # no line skipped (skipped lines are all to repair), none taken back
        return read_by_duckdb, None
    run_sql(
        con,
        "operations/files_landing/stage_read_rows.sql",
        {
            "quarter": quarter,
            "era": era,
            "file_name": prepared.member,
            "skipped": skipped,
            "repaired": [line_no for line_no, _ in to_repair],
        },
        identifiers={
            "stage_table": stage_table(header.table),
            "read_table": read_table(header.table),
        },
    )
    repairs = repair_lines(to_repair, header, legacy=legacy)
    # lines DuckDB did read but the repair handles: their rows were not staged from its read
    skipped_set = set(skipped)
    taken_back = sum(1 for line_no, _ in to_repair if line_no not in skipped_set)
    return read_by_duckdb - taken_back, repairs


def _columns(rows: Iterable[tuple[int, list[str | None]]], header: Header) -> dict[str, list]:
    rows = list(rows)
    columns: dict[str, list] = {"line_no": [line for line, _ in rows]}
    for position, name in enumerate(header.columns):
        if name in header.known:
            columns[name] = [values[position] for _, values in rows]
    return columns


def _stage_repairs(
    con: duckdb.DuckDBPyConnection,
    prepared: Prepared,
    header: Header,
    repairs: Repairs,
    *,
    quarter: str,
    era: str,
) -> None:
    if repairs.rows:
        columns = _columns(repairs.rows, header)
        columns["file_name"] = [prepared.member] * len(repairs.rows)
        stage_frame(con, header.table, columns, {"line_no": pa.int64()}, quarter=quarter, era=era)
    stage_quarantine(con, prepared.member, header.table, repairs.quarantined, quarter, era)


def stage_quarantine(
    con: duckdb.DuckDBPyConnection,
    file_name: str,
    table: str,
    quarantined: list[tuple[int, str, str]],
    quarter: str,
    era: str,
) -> None:
    stage_frame(
        con,
        "quarantine",
        {
            "file_name": [file_name] * len(quarantined),
            "line_no": [line for line, _, _ in quarantined],
            "table_name": [table] * len(quarantined),
            "reason": [reason for _, reason, _ in quarantined],
            "raw_text": [raw for _, _, raw in quarantined],
        },
        {"line_no": pa.int64()},
        quarter=quarter,
        era=era,
    )
