"""The SQL models and the order they run in, derived from the files themselves.

A model is one file under a layer folder of ``sql/`` (``macros``, ``staging``,
``intermediate``, ``core``, ``marts``); it builds the relation its file is named for
(``core/reports.sql`` -> ``reports``). What it depends on is read from its text, as dbt reads
``ref()``: every other model's relation it selects from or joins (``main.drugs``,
``staging.int_record_fates`` or a temporary ``int_report_groups``; names its own CTEs define
are not references), and every macro of ``macros/`` it calls. A ``-- depends_on: a, b`` line
adds an order the text cannot show (a step that must run after another that reads the table
it changes). A ``-- built_by: module`` line marks a model that Python runs itself, with
frames it registers (``signals``); the run order never includes it.

Nothing here keeps a list by hand: add a file and the order follows; a cycle or a reference to
a model of a later stage is an error that names the files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ketamine_faers.paths import SQL_DIR

#: The build's layers, in the order a reader meets them.
MODEL_LAYERS: tuple[str, ...] = ("macros", "staging", "intermediate", "core", "marts")
#: Layers whose tables are published in ``main`` (the others live in ``staging`` or are
#: temporary tables of the build).
PUBLISHED_LAYERS: tuple[str, ...] = ("core", "marts")
#: Builds of their own whose models sit in a sub-folder of a layer folder
#: (``core/case_set/cases.sql``): :func:`models` reads them only when asked, so they never
#: join the clean or effect build, and they may read the top-level models (macros, staging).
#: ``case_set``: the whole-FAERS case set (files_model); ``faers_files``: the files source's
#: analyst tables and ``reconciliation``: main.source_reconciliation (files_tables).
SUBFOLDER_BUILDS: tuple[str, ...] = ("case_set", "faers_files", "reconciliation")
#: Sub-folder builds whose tables live in a schema named after the folder
#: (``core/faers_files/cases.sql`` builds ``faers_files.cases``): their relations are
#: qualified with it, so they may share a file name with a model of ``main``, and a model
#: reading ``faers_files.cases`` depends on that file.
SCHEMA_BUILDS: tuple[str, ...] = ("faers_files",)

_COMMENT = re.compile(r"--[^\n]*")
_STRING = re.compile(r"'(?:[^']|'')*'")
_REFERENCE = re.compile(
    r"\b(?:from|join)\s+(?:(main|staging|" + "|".join(SCHEMA_BUILDS) + r")\.)?([a-z_][a-z0-9_]*)\b",
    re.I,
)
_CTE = re.compile(r"\b([a-z_][a-z0-9_]*)\s+as\s+(?:materialized\s+)?\(", re.I)
_MACRO_DEFINED = re.compile(r"\bmacro\s+staging\.([a-z_][a-z0-9_]*)", re.I)
_MACRO_CALLED = re.compile(r"\bstaging\.([a-z_][a-z0-9_]*)\s*\(", re.I)
_HEADER = re.compile(r"^--\s*(depends_on|built_by):\s*(.+)$", re.M)


class ModelGraphError(ValueError):
    """The SQL models do not form a valid build: a cycle, or a target no file builds."""


@dataclass(frozen=True)
class Model:
    """One SQL model file and what it needs before it can run."""

    path: str  # relative to sql/, e.g. "core/reports.sql"
    layer: str
    depends_on: frozenset[str]  # relations of other models
    built_by: str | None = None  # the Python module that runs it, if not the run order

    @property
    def relation(self) -> str:
        return _relation(self.path)


def _relation(path: str) -> str:
    """The relation a model file builds: its name, qualified with the schema of a
    :data:`SCHEMA_BUILDS` sub-folder (``core/faers_files/cases.sql`` -> ``faers_files.cases``)."""
    parts = Path(path).parts
    if len(parts) == 3 and parts[1] in SCHEMA_BUILDS:
        return f"{parts[1]}.{Path(path).stem}"
    return Path(path).stem


def _code(text: str) -> str:
    """The SQL without comments and string literals."""
    return _STRING.sub("''", _COMMENT.sub("", text))


def _headers(text: str, key: str) -> list[str]:
    return [
        name.strip()
        for found_key, value in _HEADER.findall(text)
        if found_key == key
        for name in value.split(",")
        if name.strip()
    ]


def models(sql_dir: Path = SQL_DIR, subfolders: Sequence[str] = ()) -> dict[str, Model]:
    """Every model under ``sql_dir``, by the relation it builds: the files directly in each
    layer folder, and those of the ``subfolders`` (builds of :data:`SUBFOLDER_BUILDS`) of
    each layer folder."""
    folders = ["", *(f"{sub}/" for sub in subfolders)]
    texts = {
        f"{layer}/{folder}{path.name}": path.read_text(encoding="utf-8")
        for layer in MODEL_LAYERS
        for folder in folders
        for path in sorted((sql_dir / layer / folder).glob("*.sql"))
    }
    relations = {_relation(name): name for name in texts}
    if len(relations) != len(texts):
        raise ModelGraphError("two model files in sql/ have the same name")
    macro_files = {
        macro: Path(name).stem
        for name, text in texts.items()
        if name.startswith("macros/")
        for macro in _MACRO_DEFINED.findall(_code(text))
    }
    found = {}
    for name, text in texts.items():
        code = _code(text)
        own_ctes = {cte.lower() for cte in _CTE.findall(code)}
        referenced = {
            f"{schema.lower()}.{table.lower()}"
            if schema.lower() in SCHEMA_BUILDS
            else table.lower()
            for schema, table in _REFERENCE.findall(code)
            if schema or table.lower() not in own_ctes
        }
        referenced |= {macro_files[m] for m in _MACRO_CALLED.findall(code) if m in macro_files}
        referenced |= set(_headers(text, "depends_on"))
        relation = _relation(name)
        built_by = _headers(text, "built_by")
        found[relation] = Model(
            path=name,
            layer=name.split("/")[0],
            depends_on=frozenset(r for r in referenced if r in relations and r != relation),
            built_by=built_by[0] if built_by else None,
        )
    return found


def run_order(
    targets: Iterable[str],
    *,
    built: Iterable[str] = (),
    sql_dir: Path = SQL_DIR,
    subfolders: Sequence[str] = (),
) -> list[Model]:
    """The models to run, in order, to build ``targets`` and everything they need, leaving
    out the relations in ``built`` (an earlier stage made them). ``subfolders`` adds the
    models of those builds (:data:`SUBFOLDER_BUILDS`). Ties are broken by layer, then file
    name, so the order is stable."""
    graph = models(sql_dir, subfolders)
    done = set(built)
    missing = [t for t in targets if t not in graph]
    if missing:
        raise ModelGraphError(f"no model file in sql/ builds {', '.join(missing)}")
    needed: set[str] = set()
    stack = [t for t in targets if t not in done]
    while stack:
        relation = stack.pop()
        if relation in needed:
            continue
        needed.add(relation)
        stack.extend(d for d in graph[relation].depends_on if d not in done)
    ordered: list[Model] = []
    remaining = set(needed)
    while remaining:
        ready = sorted(
            (graph[r] for r in remaining if not (graph[r].depends_on & remaining)),
            key=lambda m: (MODEL_LAYERS.index(m.layer), m.path),
        )
        if not ready:
            cycle = ", ".join(sorted(graph[r].path for r in remaining))
            raise ModelGraphError(f"the SQL models depend on each other in a cycle: {cycle}")
        ordered.extend(ready[:1])
        remaining.discard(ready[0].relation)
    python_built = [f"{m.path} (built by {m.built_by})" for m in ordered if m.built_by]
    if python_built:
        raise ModelGraphError(
            f"{', '.join(python_built)}: run by Python, not by the run order; build it after"
        )
    return ordered


def relations(models_: Sequence[Model]) -> tuple[str, ...]:
    return tuple(m.relation for m in models_)
