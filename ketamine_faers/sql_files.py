"""Finds and runs the statements in ``sql/``: every SQL the pipeline runs lives there."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import duckdb

from ketamine_faers.paths import SQL_DIR

Params = Mapping[str, Any] | Sequence[Any] | None
_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")


def read_sql(name: str, identifiers: Mapping[str, str] | None = None) -> str:
    """The text of ``sql/<name>`` (e.g. ``"core/reports.sql"``).

    ``identifiers`` fills ``{key}`` placeholders with table or view names, for the few
    statements whose names are only known at run time (DuckDB binds values, not names). Each
    must be a plain lower-case identifier, so no value can ever be spliced into SQL.
    """
    text = _file_text(name)
    for key, identifier in (identifiers or {}).items():
        if not _IDENTIFIER.fullmatch(identifier):
            raise ValueError(f"sql/{name}: {identifier!r} is not a plain identifier")
        if "{" + key + "}" not in text:
            raise ValueError(f"sql/{name} has no placeholder {{{key}}}")
        text = text.replace("{" + key + "}", identifier)
    return text


@functools.cache
def _file_text(name: str) -> str:
    """The text of ``sql/<name>``, read from disk once per process (a landing of FDA's files
    runs the same few statements thousands of times). A missing file is not remembered."""
    path = SQL_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"SQL file {path} is missing from the project's sql/ folder")
    return path.read_text(encoding="utf-8")


def run_sql(
    con: duckdb.DuckDBPyConnection,
    name: str,
    params: Params = None,
    *,
    identifiers: Mapping[str, str] | None = None,
) -> None:
    """Run every statement of one SQL file, binding values, never interpolating them.

    ``params`` is a mapping for ``$name`` placeholders or a sequence for ``$1, $2 ...``.
    DuckDB binds one statement at a time and refuses unused values, so each statement gets
    exactly the parameters it names.
    """
    values = _as_mapping(params)
    for statement in con.extract_statements(read_sql(name, identifiers)):
        wanted = statement.named_parameters
        missing = wanted - values.keys()
        if missing:
            raise ValueError(f"sql/{name} needs parameters {sorted(missing)}")
        if wanted:
            con.execute(statement, {key: values[key] for key in wanted})
        else:
            con.execute(statement)


def run_sql_for_each(
    con: duckdb.DuckDBPyConnection,
    name: str,
    slices: Mapping[str, Callable[[], Sequence[Any]]],
) -> None:
    """Run one SQL file whose statements that name ``$<key>`` of ``slices`` run once per
    value ``slices[key]()`` returns, in order, and whose other statements run once, where
    they stand in the file.

    For a model built in slices (the case set's tables, one quarter at a time): the file
    keeps its rules in one place and the slicing stays out of Python's way. The values of a
    key are asked for only when a statement names it, after the statements before it ran.
    """
    for statement in con.extract_statements(read_sql(name)):
        wanted = statement.named_parameters
        if not wanted:
            con.execute(statement)
            continue
        if len(wanted) > 1 or not wanted <= slices.keys():
            raise ValueError(
                f"sql/{name} needs parameters {sorted(wanted)}; it may name one of {sorted(slices)}"
            )
        (key,) = wanted
        for value in slices[key]():
            con.execute(statement, {key: value})


def _as_mapping(params: Params) -> dict[str, Any]:
    if params is None:
        return {}
    if isinstance(params, Mapping):
        return dict(params)
    return {str(index): value for index, value in enumerate(params, start=1)}
