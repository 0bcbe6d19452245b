"""Finds and runs the statements in ``sql/``: every SQL the pipeline runs lives there."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb

from ketamine_faers.paths import SQL_DIR

Params = Mapping[str, Any] | Sequence[Any] | None


def read_sql(name: str) -> str:
    """The text of ``sql/<name>`` (e.g. ``"clean/reports.sql"``)."""
    path = SQL_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"SQL file {path} is missing from the project's sql/ folder")
    return path.read_text(encoding="utf-8")


def relation_of(name: str) -> str:
    """The table or view a model file builds: its file name (``marts/signals.sql`` ->
    signals)."""
    return Path(name).stem


def run_sql(con: duckdb.DuckDBPyConnection, name: str, params: Params = None) -> None:
    """Run every statement of one SQL file, binding values, never interpolating them.

    ``params`` is a mapping for ``$name`` placeholders or a sequence for ``$1, $2 ...``.
    DuckDB binds one statement at a time and refuses unused values, so each statement gets
    exactly the parameters it names.
    """
    values = _as_mapping(params)
    for statement in con.extract_statements(read_sql(name)):
        wanted = statement.named_parameters
        missing = wanted - values.keys()
        if missing:
            raise ValueError(f"sql/{name} needs parameters {sorted(missing)}")
        if wanted:
            con.execute(statement, {key: values[key] for key in wanted})
        else:
            con.execute(statement)


def _as_mapping(params: Params) -> dict[str, Any]:
    if params is None:
        return {}
    if isinstance(params, Mapping):
        return dict(params)
    return {str(index): value for index, value in enumerate(params, start=1)}
