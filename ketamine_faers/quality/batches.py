"""A suite's batch: its ``sql/operations/quality/`` query run in DuckDB, as a pandas frame
GX's expectations compare correctly.

DuckDB is the calculator, GX the judge: the query computes the facts across tables (such as
``has_report`` or a quarter's record counts) and GX only checks them. A batch that cannot be
built (a table it reads is missing, the query fails) is :class:`BatchUnavailable`, which the
validation turns into failed expectations rather than an exception.
"""

from __future__ import annotations

from typing import Any

import duckdb
import numpy as np
import pandas as pd

from ketamine_faers.catalog import relation_exists
from ketamine_faers.quality.history import previous_quarter_counts
from ketamine_faers.quality.outcomes import QUARTER_COUNTS_SUITE
from ketamine_faers.sql_files import read_sql, run_sql


class BatchUnavailable(Exception):
    """The batch of a suite could not be built; the message says why."""


def batch_frame(
    con: duckdb.DuckDBPyConnection,
    name: str,
    meta: dict[str, Any],
    history: duckdb.DuckDBPyConnection,
) -> pd.DataFrame:
    """The batch of suite ``name`` (its ``meta`` names the tables read and the query).

    ``history`` holds ``quality_quarter_counts``, the baseline the quarter_counts suite
    compares with; it may be another database than ``con``.
    """
    missing = [table for table in meta["reads"] if not relation_exists(con, table)]
    if missing:
        raise BatchUnavailable(f"table missing: {', '.join(missing)}")
    if name == QUARTER_COUNTS_SUITE:
        load_previous_counts(con, history)
    try:
        frame = con.execute(read_sql(meta["batch_query"])).df()
    except duckdb.Error as problem:
        raise BatchUnavailable(
            f"batch query sql/{meta['batch_query']} failed: {problem}".splitlines()[0]
        ) from problem
    return gx_friendly(frame)


def load_previous_counts(
    con: duckdb.DuckDBPyConnection, history: duckdb.DuckDBPyConnection
) -> None:
    """Fill ``con``'s temporary ``quality_previous_counts`` (read by quarter_counts.sql) with
    the last good build's counts from ``history``: DuckDB cannot join across the two."""
    previous = previous_quarter_counts(history)
    run_sql(con, "operations/quality/create_previous_counts.sql")
    if len(previous):
        con.register("quality_previous_counts_frame", previous)
        try:
            run_sql(con, "operations/quality/insert_previous_counts.sql")
        finally:
            con.unregister("quality_previous_counts_frame")


def gx_friendly(frame: pd.DataFrame) -> pd.DataFrame:
    """Column types GX's pandas expectations compare correctly.

    DuckDB hands nullable columns over as pandas extension types (Int64, boolean), whose
    ``pd.NA`` GX's pair and map expectations cannot compare; dates as datetime64[us], which
    GX only compares vectorised (and with string bounds) at nanosecond unit; and text as
    pandas 3's ``str``, whose null test costs GX seconds per million rows where ``object``
    costs milliseconds. GX compares numbers vectorised only for int64 and float64 (an
    INTEGER column, int32, would be compared row by row in Python).
    """
    out = {}
    for name in frame.columns:
        column = frame[name]
        dtype = column.dtype
        if pd.api.types.is_datetime64_any_dtype(dtype):
            out[name] = _as_nanoseconds(column)
        elif isinstance(dtype, pd.StringDtype):  # GX's null checks are 10x faster on object
            out[name] = column.astype(object)
        elif isinstance(dtype, pd.BooleanDtype):
            out[name] = column.astype(object).where(column.notna(), None)
        elif pd.api.types.is_extension_array_dtype(dtype) and pd.api.types.is_numeric_dtype(dtype):
            if column.isna().any() or dtype.kind == "f":
                out[name] = column.astype("float64")
            else:
                out[name] = column.astype("int64")
        elif dtype.kind in "iu" and dtype != np.int64:  # GX vectorises int64 and float64 only
            out[name] = column.astype("int64")
        elif dtype.kind == "f" and dtype != np.float64:
            out[name] = column.astype("float64")
        else:
            out[name] = column
    return pd.DataFrame(out, index=frame.index)


def _as_nanoseconds(column: pd.Series) -> pd.Series:
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        column = column.dt.tz_convert("UTC").dt.tz_localize(None)
    try:
        return column.astype("datetime64[ns]")
    except (OverflowError, ValueError):  # beyond 1677..2262: let the expectation judge it
        return column.astype(object)
