"""Imports run one way: pipelines/ on top, assets/ below it, the Dagster-free core below that;
the stand-ins are demo and test material that only the demo command imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ketamine_faers.paths import PROJECT_ROOT
from ketamine_faers.stage_inputs import module_file

PRODUCTION = ("pipelines", "assets", "ketamine_faers", "standins")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path
        for package in PRODUCTION
        for path in sorted((PROJECT_ROOT / package).rglob("*.py"))
        if "__pycache__" not in path.parts
    }


def _imports(name: str, path: Path) -> list[tuple[str, int, bool]]:
    """(imported project module, line, at module level) for every import in the file, also
    those inside functions. ``from a import b`` counts as module ``a.b`` when that is one."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = {id(node) for node in tree.body}
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in ast.walk(node)
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in typing_only:  # read by the type checker only, never imported
            continue
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            targets = [
                f"{base}.{alias.name}" if module_file(f"{base}.{alias.name}") else base
                for alias in node.names
            ]
        for target in targets:
            if module_file(target) is not None:
                found.append((target, node.lineno, id(node) in top_level))
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {
        name: {target for target, _, _ in _imports(name, path) if target != name}
        for name, path in modules.items()
    }


def _top(name: str) -> str:
    return name.split(".")[0]


def test_no_asset_imports_the_pipelines_layer():
    offending = [
        f"{name}:{line} imports {target}"
        for name, path in _modules().items()
        if _top(name) == "assets"
        for target, line, _ in _imports(name, path)
        if _top(target) == "pipelines"
    ]
    assert offending == []


def test_the_core_imports_neither_dagster_nor_the_layers_above_it():
    offending = []
    for name, path in _modules().items():
        if _top(name) != "ketamine_faers":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            for imported in names:
                if _top(imported) in ("dagster", "dagster_duckdb", "assets", "pipelines"):
                    offending.append(f"{name}:{node.lineno} imports {imported}")
                if _top(imported) == "standins":
                    offending.append(f"{name}:{node.lineno} imports the stand-ins")
    assert offending == []


def test_only_the_demo_command_imports_the_stand_ins():
    importers = sorted(
        {
            name
            for name, path in _modules().items()
            if _top(name) != "standins"
            for target, _, _ in _imports(name, path)
            if _top(target) == "standins"
        }
    )
    assert importers == ["pipelines.cli"]


def test_the_production_import_graph_has_no_cycle():
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in graph.get(node, ()):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    assert cycles == []


@pytest.mark.parametrize("layer", ["pipelines", "assets"])
def test_every_layer_module_is_importable_on_its_own(layer):
    """An import cycle hidden by import order shows as a failure to import a module first."""
    import subprocess
    import sys

    names = [name for name in _modules() if _top(name) == layer]
    code = "; ".join(f"import {name}" for name in reversed(names))
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PROJECT_ROOT)


def test_no_production_module_is_over_500_lines():
    long = {
        str(path.relative_to(PROJECT_ROOT)): lines
        for path in _modules().values()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert long == {}
