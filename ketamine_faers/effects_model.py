"""Builds the effect tables from the clean ones: effect_terms, effect_reports, the marts and
``signals``, in the order derived from the SQL files. Dagster-free; the assets call
:func:`build_effect_tables`.

Reads ``main.reports``, ``main.drugs``, ``main.reactions`` and, for the signals,
``raw.background_counts`` and ``raw.raw_fetches`` (the raw database attached as ``raw``).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from ketamine_faers.catalog import count_rows
from ketamine_faers.clean_model import clean_models
from ketamine_faers.paths import EFFECT_TERMS_CSV, SQL_DIR
from ketamine_faers.signals import SIGNALS_TABLE, signals_from_counts
from ketamine_faers.sql_files import run_sql
from ketamine_faers.sql_models import PUBLISHED_LAYERS, Model, models, relations, run_order

#: The reference files the effect build reads (its fingerprint covers them).
REFERENCE_INPUTS: tuple[Path, ...] = (EFFECT_TERMS_CSV,)


def _published_effect_models(sql_dir: Path = SQL_DIR) -> list[Model]:
    """The published models the clean build does not make, Python-built ones included."""
    clean = set(relations(clean_models(sql_dir)))
    return [
        model
        for model in models(sql_dir).values()
        if model.layer in PUBLISHED_LAYERS and model.relation not in clean
    ]


def effect_models(sql_dir: Path = SQL_DIR) -> list[Model]:
    """The model files of the effect build, in the order they run (the signals, which
    Python builds, come after them)."""
    targets = [m.relation for m in _published_effect_models(sql_dir) if not m.built_by]
    return run_order(targets, built=relations(clean_models(sql_dir)), sql_dir=sql_dir)


def build_effect_tables(
    con: duckdb.DuckDBPyConnection,
    *,
    effect_terms_csv: Path = EFFECT_TERMS_CSV,
    with_signals: bool = True,
) -> dict[str, int]:
    """Build every effect table in ``con`` (the build database, ``raw`` attached when
    ``with_signals``); returns the row count of each table, in build order."""
    params = {"effect_terms_csv": str(effect_terms_csv)}
    built = effect_models()
    for model in built:
        run_sql(con, model.path, params)
    counts = count_rows(con, [m.relation for m in built if m.layer in PUBLISHED_LAYERS])
    if with_signals:
        counts[SIGNALS_TABLE] = signals_from_counts(con)
    return counts


#: The tables the effect build leaves in ``main``: every published model the clean build does
#: not make (the intermediates are temporary tables of the build).
EFFECT_TABLES: tuple[str, ...] = tuple(
    sorted(m.relation for m in _published_effect_models() if not m.built_by)
) + (SIGNALS_TABLE,)
