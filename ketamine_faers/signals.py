"""Builds ``signals``: SQL counts the 2x2 tables, Python computes the measures.

Why the split: the formulas live once, in :mod:`ketamine_faers.disproportionality`, where they
are tested against worked examples. ``sql/intermediate/int_signal_counts.sql`` builds every
2x2 table from the clean tables and the openFDA background (``raw.background_counts``, the raw
database attached as catalog ``raw``); :func:`~ketamine_faers.disproportionality.measures_frame`
computes all the measures at once; ``sql/marts/signals.sql`` writes the table with its types
and column comments.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from ketamine_faers.catalog import count_rows, relation_exists
from ketamine_faers.disproportionality import measures_frame
from ketamine_faers.quarters import quarter_bounds
from ketamine_faers.sources.openfda.background import background_queries, load_effect_terms
from ketamine_faers.sql_files import read_sql, run_sql

SIGNAL_COUNTS_SQL = "intermediate/int_signal_counts.sql"
SIGNALS_SQL = "marts/signals.sql"
SIGNALS_TABLE = "signals"
REQUIRED_RAW_TABLES = ("background_counts", "raw_fetches")


class BackgroundMissingError(RuntimeError):
    """The raw database attached as ``raw`` lacks the tables the signals are built from."""


def _check_raw_tables(con: duckdb.DuckDBPyConnection) -> None:
    missing = [name for name in REQUIRED_RAW_TABLES if not relation_exists(con, f"raw.{name}")]
    if missing:
        raise BackgroundMissingError(
            f"raw.{', raw.'.join(missing)} missing: attach the raw database as catalog 'raw' "
            "and fetch the background counts first (ketamine_faers.sources.openfda.background."
            "fetch_background_counts, one set of openFDA totals per quarter)"
        )


def expected_background(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The (quarter, measure, key, search) the background of every fetched quarter should have
    been fetched with, for today's effect terms. Cached rows with another search are stale."""
    terms = load_effect_terms(con)
    quarters = [
        q
        for (q,) in con.execute(
            read_sql("operations/raw_landing/select_fetched_quarters.sql")
        ).fetchall()
    ]
    rows = [
        (quarter, query.measure, query.key, query.search)
        for quarter in sorted(quarters)
        for query in background_queries(*quarter_bounds(quarter), terms)
    ]
    return pd.DataFrame(rows, columns=["quarter", "measure", "key", "search"], dtype="string")


def signals_from_counts(con: duckdb.DuckDBPyConnection) -> int:
    """(Re)build ``main.signals``; returns its row count.

    Needs ``main.report_exposures`` and ``main.effect_terms`` (built by
    :mod:`ketamine_faers.effects_model`), the clean ``reports``/``reactions`` tables, and
    ``raw.background_counts`` plus ``raw.raw_fetches``. Quarters without background give no
    rows, so an empty background gives an empty, well-typed table. Background rows fetched
    with an older search (the term list changed since) are ignored, see
    :func:`expected_background`.
    """
    _check_raw_tables(con)
    con.register("background_expected", expected_background(con))
    try:
        con.execute(read_sql(SIGNAL_COUNTS_SQL))
    finally:
        con.unregister("background_expected")
    counts = con.execute(read_sql("operations/effects/select_signal_counts.sql")).df()
    signal_measures = measures_frame(counts)
    con.register("signal_measures", signal_measures)
    try:
        con.execute(read_sql(SIGNALS_SQL))
    finally:
        con.unregister("signal_measures")
        run_sql(con, "operations/effects/drop_signal_counts.sql")
    return count_rows(con, [SIGNALS_TABLE])[SIGNALS_TABLE]
