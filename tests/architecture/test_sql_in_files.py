"""Every statement the pipeline runs is a file in sql/: no production module hands DuckDB a
SQL string of its own, and every SQL file the code names exists."""

from __future__ import annotations

import ast
from pathlib import Path

from ketamine_faers.paths import PROJECT_ROOT, SQL_DIR
from ketamine_faers.sql_models import (
    MODEL_LAYERS,
    SCHEMA_BUILDS,
    SUBFOLDER_BUILDS,
    models,
    run_order,
)

PRODUCTION = ("pipelines", "assets", "ketamine_faers")
SQL_METHODS = {"execute", "executemany", "sql", "query"}


def _production_files() -> list[Path]:
    return [
        path
        for package in PRODUCTION
        for path in sorted((PROJECT_ROOT / package).rglob("*.py"))
        if "__pycache__" not in path.parts
    ]


def _is_text(node: ast.AST) -> bool:
    """A literal string, an f-string, or text glued from them."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right)
    return False


def test_no_production_module_runs_a_sql_string_of_its_own():
    inline = []
    for path in _production_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in SQL_METHODS
                and node.args
                and _is_text(node.args[0])
            ):
                inline.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}")
    assert inline == []


def test_sql_holds_only_the_layers_operations_and_examples():
    folders = {path.relative_to(SQL_DIR).parts[0] for path in SQL_DIR.rglob("*.sql")}
    assert folders <= {*MODEL_LAYERS, "operations", "examples"}


def test_layer_sub_folders_are_declared_builds():
    """A sub-folder of a layer folder holds the models of a build of its own
    (SUBFOLDER_BUILDS, e.g. core/case_set/); an undeclared one would escape these checks."""
    found = {
        path.relative_to(SQL_DIR / layer).parts[0]
        for layer in MODEL_LAYERS
        for path in (SQL_DIR / layer).rglob("*.sql")
        if len(path.relative_to(SQL_DIR / layer).parts) > 1
    }
    assert found <= set(SUBFOLDER_BUILDS)


def test_models_are_named_for_their_layer():
    wrong = [
        model.path
        for model in models(subfolders=SUBFOLDER_BUILDS).values()
        if (model.layer == "staging" and not model.relation.startswith(("stg_", "ref_")))
        or (model.layer == "intermediate") != model.relation.startswith("int_")
    ]
    assert wrong == []


def test_no_model_reads_a_later_layer():
    graph = models(subfolders=SUBFOLDER_BUILDS)
    backwards = [
        f"{model.path} reads {graph[dependency].path}"
        for model in graph.values()
        for dependency in model.depends_on
        if MODEL_LAYERS.index(graph[dependency].layer) > MODEL_LAYERS.index(model.layer)
        and not (model.layer == "intermediate" and graph[dependency].layer == "core")
    ]
    assert backwards == []


def test_every_operations_file_is_run_by_some_code_or_suite():
    named = set()
    for path in [*_production_files(), *(PROJECT_ROOT / "expectations").glob("*.json")]:
        named.add(path.read_text(encoding="utf-8"))
    text = "\n".join(named)
    unused = [
        path.relative_to(SQL_DIR).as_posix()
        for path in sorted((SQL_DIR / "operations").rglob("*.sql"))
        if path.relative_to(SQL_DIR).as_posix() not in text
        and path.relative_to(SQL_DIR / "operations" / "dashboards").as_posix().removesuffix(".sql")
        not in text
    ]
    assert unused == []


def test_model_files_build_models_only():
    """Attaching databases and setting options are operations (sql/operations), run by the
    build around the models, so a model runs the same wherever the run order puts it."""
    import duckdb

    operational = {"ATTACH", "DETACH", "SET", "PRAGMA", "TRANSACTION"}
    con = duckdb.connect()
    offending = [
        f"{model.path}: {statement.type.name}"
        for model in models(subfolders=SUBFOLDER_BUILDS).values()
        for statement in con.extract_statements((SQL_DIR / model.path).read_text(encoding="utf-8"))
        if statement.type.name in operational
    ]
    assert offending == []


def test_a_schema_builds_models_build_the_qualified_table_they_are_named_for():
    """core/faers_files/drugs.sql builds faers_files.drugs (never main.drugs), and a model
    reading faers_files.cases runs after the file that builds it."""
    graph = models(subfolders=SCHEMA_BUILDS)
    schema_models = [m for m in graph.values() if "." in m.relation]
    assert {m.relation.split(".")[0] for m in schema_models} == set(SCHEMA_BUILDS)
    wrong = [
        m.path
        for m in schema_models
        if f"create or replace table {m.relation} as"
        not in (SQL_DIR / m.path).read_text(encoding="utf-8")
    ]
    assert wrong == []
    order = [m.relation for m in run_order(["faers_files.drugs"], subfolders=SCHEMA_BUILDS)]
    assert order.index("faers_files.cases") < order.index("faers_files.drugs")
    assert "drugs" not in order
