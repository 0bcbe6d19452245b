"""What each stage's fingerprint covers, derived from the code itself.

Why: a hand-typed list of paths goes stale silently (move a module and later edits to it stop
triggering rebuilds). Here a stage names only its entry modules; what it covers is derived:

* every project module those import, followed through the import statements of each module
  (also imports inside functions), with the ``__init__`` of every package on the way;
* every SQL file the stage runs: the model files of its run order
  (:mod:`ketamine_faers.sql_models`) and every ``"<folder>/<file>.sql"`` literal in the
  covered modules;
* the data files it reads (``REFERENCE_INPUTS`` of the clean and effect models, a suite's
  JSON and the batch query it names).

Nothing is matched by pattern, so nothing can match nothing: an entry module, a SQL literal or
a data file that does not exist is an error (:class:`CoverageError`) that names it.
``tests/architecture/test_stage_inputs.py`` runs each stage and fails when it reads a file
that is not covered.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ketamine_faers import clean_model, effects_model
from ketamine_faers.clean_model import clean_models
from ketamine_faers.effects_model import effect_models
from ketamine_faers.paths import PROJECT_ROOT

#: Top-level packages of the project whose modules a stage may import.
PROJECT_PACKAGES = ("ketamine_faers", "assets", "pipelines", "standins")

#: The modules each stage starts from. Names, not imports: :mod:`ketamine_faers.quality`
#: imports the build state, which imports this module.
STAGE_ENTRY_MODULES: dict[str, tuple[str, ...]] = {
    "clean": ("ketamine_faers.clean_model",),
    "effects": ("ketamine_faers.effects_model",),
    "quality": ("ketamine_faers.quality",),
}

#: The incremental machinery itself: it decides whether a stage runs again, never what the
#: stage makes, so its imports are not followed (:data:`FORMAT` in build_state is bumped when
#: what a fingerprint covers changes). Without this, a suite's check would depend on the clean
#: and effect code through the build state the quality code stores its results in.
MACHINERY_MODULES = ("ketamine_faers.build_state", "ketamine_faers.stage_inputs")

_SQL_LITERAL = re.compile(r"[a-z0-9_]+(?:/[a-z0-9_]+)*\.sql")


class CoverageError(ValueError):
    """A stage names something that does not exist: its fingerprint could not cover it."""


@dataclass(frozen=True)
class StageInputs:
    """The files one stage's output depends on, relative to the project root, sorted."""

    stage: str
    python: tuple[str, ...]
    sql: tuple[str, ...]
    data: tuple[str, ...]

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(sorted({*self.python, *self.sql, *self.data}))


def module_file(name: str, root: Path = PROJECT_ROOT) -> Path | None:
    """The file of project module ``name`` under ``root``, or None if it is not one."""
    if name.split(".")[0] not in PROJECT_PACKAGES:
        return None
    base = root.joinpath(*name.split("."))
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    return None


def imports_of(path: Path, name: str) -> set[str]:
    """Every module name ``path`` (module ``name``) imports, anywhere in the file, with each
    ``from a import b`` also tried as module ``a.b``."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _with_parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def python_closure(entries: Iterable[str], root: Path = PROJECT_ROOT) -> dict[str, Path]:
    """Every project module the ``entries`` import, transitively, by name."""
    seen: dict[str, Path] = {}
    stack = []
    for entry in entries:
        if module_file(entry, root) is None:
            raise CoverageError(f"stage entry module {entry} is not a file under {root}")
        stack.append(entry)
    while stack:
        for name in _with_parents(stack.pop()):
            path = module_file(name, root)
            if path is None or name in seen or name in MACHINERY_MODULES:
                continue
            seen[name] = path
            stack.extend(imports_of(path, name))
    return seen


def sql_literals(paths: Iterable[Path], root: Path = PROJECT_ROOT) -> set[str]:
    """The ``sql/`` files named by string literals in ``paths`` (``"core/reports.sql"``);
    a literal naming a file that does not exist is an error."""
    found: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if _SQL_LITERAL.fullmatch(node.value):
                    if not (root / "sql" / node.value).is_file():
                        where = path.relative_to(root)
                        raise CoverageError(f"{where} names sql/{node.value}, which is missing")
                    found.add(f"sql/{node.value}")
    return found


def _relative(path: Path, root: Path) -> str:
    """``path`` (under the real project) as a path relative to ``root`` (maybe a copy)."""
    relative = path.resolve().relative_to(PROJECT_ROOT)
    if not (root / relative).is_file():
        raise CoverageError(f"{relative} is read by a stage but missing under {root}")
    return relative.as_posix()


def _stage_models(stage: str, root: Path) -> list[str]:
    if stage == "clean":
        return [f"sql/{m.path}" for m in clean_models(root / "sql")]
    if stage == "effects":
        return [f"sql/{m.path}" for m in effect_models(root / "sql")]
    return []


def _stage_data(stage: str, root: Path) -> list[str]:
    inputs = {"clean": clean_model.REFERENCE_INPUTS, "effects": effects_model.REFERENCE_INPUTS}
    return [_relative(path, root) for path in inputs.get(stage, ())]


def suite_inputs(suite: str, root: Path = PROJECT_ROOT) -> list[str]:
    """A suite's JSON and the batch query its ``meta.batch_query`` names."""
    path = root / "expectations" / f"{suite}.json"
    if not path.is_file():
        raise CoverageError(f"expectations/{suite}.json is missing")
    batch = json.loads(path.read_text(encoding="utf-8")).get("meta", {}).get("batch_query")
    files = [f"expectations/{suite}.json"]
    if batch:
        if not (root / "sql" / batch).is_file():
            raise CoverageError(f"expectations/{suite}.json names sql/{batch}, which is missing")
        files.append(f"sql/{batch}")
    return files


def stage_inputs(stage: str, root: Path = PROJECT_ROOT) -> StageInputs:
    """What stage ``clean``, ``effects`` or ``quality`` depends on, under ``root``."""
    modules = python_closure(STAGE_ENTRY_MODULES[stage], root)
    python = sorted(p.relative_to(root).as_posix() for p in modules.values())
    sql = sorted({*_stage_models(stage, root), *sql_literals(modules.values(), root)})
    return StageInputs(stage, tuple(python), tuple(sql), tuple(sorted(_stage_data(stage, root))))
