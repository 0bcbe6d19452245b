"""Builds the effect tables from the clean ones: effect_terms, effect_reports, the marts and
``signals``, in dependency order. Dagster-free; the assets call :func:`build_effect_tables`.

Reads ``main.reports``, ``main.drugs``, ``main.reactions`` and, for the signals,
``raw.background_counts`` and ``raw.raw_fetches`` (the raw database attached as ``raw``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb

from ketamine_faers.paths import EFFECT_TERMS_CSV
from ketamine_faers.signals import signals_from_counts
from ketamine_faers.sql_files import relation_of, run_sql

# Order matters: each file reads the tables of the files before it.
EFFECT_SQL_FILES: tuple[str, ...] = (
    "clean/effect_terms.sql",
    "marts/report_exposures.sql",
    "marts/effect_reports.sql",
    "marts/mart_effects_by_quarter.sql",
    "marts/int_report_groups.sql",
    "marts/mart_seriousness.sql",
    "marts/mart_outcomes.sql",
    "marts/mart_routes.sql",
    "marts/mart_demographics.sql",
    "marts/mart_reporters.sql",
    "marts/mart_top_terms.sql",
    "marts/mart_co_reported_terms.sql",
)

SIGNALS_TABLE = "signals"

#: Files named int_* build temporary intermediate tables: steps of the build, not published.
INTERMEDIATE_PREFIX = "int_"


def build_effect_tables(
    con: duckdb.DuckDBPyConnection,
    *,
    effect_terms_csv: Path = EFFECT_TERMS_CSV,
    with_signals: bool = True,
) -> dict[str, int]:
    """Build every effect table in ``con`` (the build database, ``raw`` attached when
    ``with_signals``); returns the row count of each table, in build order."""
    params = {"effect_terms_csv": str(effect_terms_csv)}
    for sql_file in EFFECT_SQL_FILES:
        run_sql(con, sql_file, params)
    counts = count_rows(con, [relation_of(sql_file) for sql_file in EFFECT_SQL_FILES])
    if with_signals:
        counts[SIGNALS_TABLE] = signals_from_counts(con)
    return counts


def count_rows(con: duckdb.DuckDBPyConnection, tables: Sequence[str]) -> dict[str, int]:
    """Row count of each table of ``con``'s main schema, in the order given."""
    return {
        table: con.execute(f'select count(*) from "{table}"').fetchall()[0][0]  # noqa: S608
        for table in tables
    }


#: The tables the effect build leaves in ``main`` (every file's table but the intermediates).
EFFECT_TABLES: tuple[str, ...] = tuple(
    relation_of(name)
    for name in EFFECT_SQL_FILES
    if not relation_of(name).startswith(INTERMEDIATE_PREFIX)
) + (SIGNALS_TABLE,)
