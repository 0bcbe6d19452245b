"""Reads one prepared table file with DuckDB, repairs what DuckDB rejects, stages the rows.

DuckDB's CSV reader does the bulk (strict, '$', no quoting, all VARCHAR, the header's
columns); the Python of :mod:`.lines` sees only the lines it rejected and the empty lines it
skips, located by the byte pass (:mod:`.prepare`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import duckdb
import pyarrow as pa

from ketamine_faers.sources.faers_files.reader.facts import FileRead, ReaderError, stage_file_read
from ketamine_faers.sources.faers_files.reader.layouts import Header, parse_header
from ketamine_faers.sources.faers_files.reader.lines import Repairs, repair_lines
from ketamine_faers.sources.faers_files.reader.prepare import Prepared
from ketamine_faers.sources.faers_files.reader.staging import stage_frame, stage_table
from ketamine_faers.sql_files import read_sql, run_sql


def read_lines(prepared: Prepared, wanted: Collection[int]) -> dict[int, str]:
    """The text of the wanted lines (1-based) of the prepared copy, without the line feed."""
    found: dict[int, str] = {}
    if not wanted:
        return found
    last = max(wanted)
    with prepared.path.open("rb") as handle:
        for line_no, raw in enumerate(handle, start=1):
            if line_no in wanted:
                found[line_no] = raw.rstrip(b"\n").decode("utf-8")
            if line_no >= last:
                break
    return found


def read_table_file(
    con: duckdb.DuckDBPyConnection, prepared: Prepared, table: str, *, quarter: str, era: str
) -> FileRead:
    """Stage every data line of one table file as a row or a quarantine row."""
    header = parse_header(table, prepared.first_line)
    if prepared.data_lines == 0:
        repairs, read_by_duckdb = Repairs(), 0
    elif header.position("primaryid") is None:
        every = range(2, prepared.total_lines + 1)
        texts = read_lines(prepared, set(every))
        reason = f"the header names no isr/primaryid column: {header.text[:200]!r}"
        repairs = Repairs(quarantined=[(n, reason, texts.get(n, "")) for n in every])
        read_by_duckdb = 0
    else:
        read_by_duckdb, repairs = _read_with_duckdb(con, prepared, header, quarter, era)
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


def _read_with_duckdb(
    con: duckdb.DuckDBPyConnection, prepared: Prepared, header: Header, quarter: str, era: str
) -> tuple[int, Repairs]:
    run_sql(
        con,
        "operations/files_landing/read_table_file.sql",
        {"path": str(prepared.path), "columns": {name: "VARCHAR" for name in header.columns}},
    )
    rejected = [
        line
        for (line,) in con.execute(
            read_sql("operations/files_landing/select_rejected_lines.sql")
        ).fetchall()
    ]
    ((count,),) = con.execute(read_sql("operations/files_landing/count_read_rows.sql")).fetchall()
    read_by_duckdb = int(count)
    skipped = sorted({*rejected, *prepared.empty_lines})
    if read_by_duckdb + len(skipped) != prepared.data_lines:
        raise ReaderError(
            f"{prepared.member}: DuckDB read {read_by_duckdb} rows and skipped {len(skipped)} "
            f"lines of {prepared.data_lines}"
        )
    texts = read_lines(prepared, set(skipped))
    repairs = repair_lines([(line, texts[line]) for line in skipped], header)
    con.register("files_skipped_frame", pa.table({"line_no": pa.array(skipped, pa.int64())}))
    try:
        run_sql(
            con,
            "operations/files_landing/stage_read_rows.sql",
            {"quarter": quarter, "era": era, "file_name": prepared.member},
            identifiers={"stage_table": stage_table(header.table)},
        )
    finally:
        con.unregister("files_skipped_frame")
    return read_by_duckdb, repairs


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
