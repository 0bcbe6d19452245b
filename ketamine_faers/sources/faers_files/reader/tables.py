"""Reads one prepared table file with DuckDB, repairs what DuckDB rejects, stages the rows.

DuckDB's CSV reader does the bulk (strict, '$', no quoting, all VARCHAR, the header's
columns). A second DuckDB scan of the same file as whole lines numbers every line and counts
its fields; the Python of :mod:`.lines` then sees only the lines DuckDB rejected, the empty
ones, and those whose field count is wrong although DuckDB read them (it drops empty fields
beyond the header's width without a word).
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb
import pyarrow as pa

from ketamine_faers.sources.faers_files.reader.facts import FileRead, ReaderError, stage_file_read
from ketamine_faers.sources.faers_files.reader.layouts import Header, parse_header
from ketamine_faers.sources.faers_files.reader.lines import Repairs, repair_lines
from ketamine_faers.sources.faers_files.reader.prepare import Prepared
from ketamine_faers.sources.faers_files.reader.staging import stage_frame, stage_table
from ketamine_faers.sql_files import read_sql, run_sql


def read_table_file(
    con: duckdb.DuckDBPyConnection, prepared: Prepared, table: str, *, quarter: str, era: str
) -> FileRead:
    """Stage every data line of one table file as a row or a quarantine row."""
    header = parse_header(table, prepared.first_line)
    legacy = era == "aers"
    if prepared.data_lines == 0:
        repairs, read_by_duckdb = Repairs(), 0
    elif header.position("primaryid") is None:
        reason = f"the header names no isr/primaryid column: {header.text[:200]!r}"
        every = _lines_to_repair(con, prepared, width=-1, legacy=False, rejected=[])
        repairs = Repairs(quarantined=[(line_no, reason, text) for line_no, text in every])
        read_by_duckdb = 0
    else:
        read_by_duckdb, repairs = _read_with_duckdb(con, prepared, header, quarter, era, legacy)
    _stage_repairs(con, prepared, header, repairs, quarter=quarter, era=era)
    read = FileRead(
        file_name=prepared.member,
        table_name=table,
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
    stage_file_read(con, read, quarter=quarter, era=era)
    return read


def _lines_to_repair(
    con: duckdb.DuckDBPyConnection,
    prepared: Prepared,
    *,
    width: int,
    legacy: bool,
    rejected: list[int],
) -> list[tuple[int, str]]:
    """(line number, text) of the lines the '$' read cannot be trusted with (a width of -1
    gives every line)."""
    run_sql(con, "operations/files_landing/read_file_lines.sql", {"path": str(prepared.path)})
    query = read_sql("operations/files_landing/select_lines_to_repair.sql")
    params = {"width": width, "legacy": legacy, "rejected": rejected}
    return [(int(line_no), text) for line_no, text in con.execute(query, params).fetchall()]


def _read_with_duckdb(
    con: duckdb.DuckDBPyConnection,
    prepared: Prepared,
    header: Header,
    quarter: str,
    era: str,
    legacy: bool,
) -> tuple[int, Repairs]:
    run_sql(
        con,
        "operations/files_landing/read_table_file.sql",
        {"path": str(prepared.path), "columns": {name: "VARCHAR" for name in header.columns}},
    )
    rejected = [
        int(line)
        for (line,) in con.execute(
            read_sql("operations/files_landing/select_rejected_lines.sql")
        ).fetchall()
    ]
    ((count,),) = con.execute(read_sql("operations/files_landing/count_read_rows.sql")).fetchall()
    read_by_duckdb = int(count)
    to_repair = _lines_to_repair(
        con, prepared, width=header.width, legacy=legacy, rejected=rejected
    )
    empty = [line_no for line_no, text in to_repair if text == ""]
    skipped = sorted({*rejected, *empty})
    if read_by_duckdb + len(skipped) != prepared.data_lines:
        raise ReaderError(
            f"{prepared.member}: DuckDB read {read_by_duckdb} rows and skipped {len(skipped)} "
            f"lines of {prepared.data_lines}"
        )
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
        identifiers={"stage_table": stage_table(header.table)},
    )
    repairs = repair_lines(to_repair, header, legacy=legacy)
    # lines DuckDB did read but the repair handles: their rows were not staged from its read
    taken_back = sum(1 for line_no, _ in to_repair if line_no not in set(skipped))
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
