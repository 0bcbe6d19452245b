"""Fingerprints that cannot go stale: what each stage's fingerprint covers is derived from its
code (ketamine_faers/stage_inputs.py), and these tests run each stage and fail when it reads a
file or loads a module its fingerprint does not cover."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ketamine_faers import build_state, clean_model
from ketamine_faers.paths import PROJECT_ROOT
from ketamine_faers.sql_models import MODEL_LAYERS
from ketamine_faers.stage_inputs import (
    MACHINERY_MODULES,
    STAGE_ENTRY_MODULES,
    CoverageError,
    imports_of,
    module_file,
    python_closure,
    stage_inputs,
    suite_inputs,
)

STAGE_READS = PROJECT_ROOT / "tests" / "support" / "stage_reads.py"


@pytest.fixture(scope="module", params=["clean", "effects", "quality"])
def stage_run(request) -> tuple[str, dict]:
    """One real run of a stage in a fresh process, and what it read and loaded."""
    out = subprocess.run(
        [sys.executable, str(STAGE_READS), request.param],
        check=True,
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
    ).stdout
    return request.param, json.loads(out.strip().splitlines()[-1])


def test_every_sql_file_a_stage_runs_is_covered(stage_run):
    stage, reads = stage_run
    covered = set(stage_inputs(stage).sql)
    if stage == "quality":
        covered |= {f for suite in ("reports", "signals") for f in suite_inputs(suite)}
    assert reads["run"], "the stage ran no SQL: the recording is broken"
    assert set(reads["run"]) - covered == set()


def test_every_other_project_file_a_stage_reads_is_covered_or_a_model_file(stage_run):
    stage, reads = stage_run
    covered = set(stage_inputs(stage).files)
    if stage == "quality":
        covered |= {f for suite in ("reports", "signals") for f in suite_inputs(suite)}
    model_files = {
        path.relative_to(PROJECT_ROOT).as_posix()
        for layer in MODEL_LAYERS
        for path in (PROJECT_ROOT / "sql" / layer).glob("*.sql")
    }
    # every model file is parsed to derive the run order; only those run change the output
    assert set(reads["other"]) - covered - model_files == set()


def test_every_module_a_stage_loads_is_covered(stage_run):
    stage, reads = stage_run
    covered = set(stage_inputs(stage).python)
    loaded = set(reads["loaded_by_entry"]) | set(reads["imported_during"])
    assert loaded - covered - _loaded_for_the_machinery() == set()


def _loaded_for_the_machinery() -> set[str]:
    """The build state and what it imports: loaded by the quality code to store its results,
    deciding what runs, never what a stage makes (stage_inputs.MACHINERY_MODULES)."""
    files = set()
    for name in MACHINERY_MODULES:
        path = module_file(name)
        assert path is not None
        files.add(path)
        imported = [m for m in imports_of(path, name) if module_file(m) is not None]
        files.update(python_closure([m for m in imported if m not in MACHINERY_MODULES]).values())
    return {path.relative_to(PROJECT_ROOT).as_posix() for path in files}


def test_the_reference_files_the_clean_build_binds_are_covered():
    bound = {
        Path(value).relative_to(PROJECT_ROOT).as_posix()
        for params in clean_model._FILE_PARAMS.values()
        for value in params.values()
    }
    assert bound <= set(stage_inputs("clean").data)
    assert "reference/effect_terms.csv" in stage_inputs("effects").data


def test_every_named_module_exists():
    for entries in STAGE_ENTRY_MODULES.values():
        for name in entries:
            assert module_file(name) is not None, name
    for name in MACHINERY_MODULES:
        assert module_file(name) is not None, name


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    for folder in ("ketamine_faers", "sql", "reference", "expectations"):
        shutil.copytree(
            PROJECT_ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    return copy


def test_a_moved_module_is_covered_at_its_new_place(project_copy):
    """Move a module the clean stage uses and update its importers: the fingerprint follows
    it, where a hand-kept path would silently stop covering it."""
    before = stage_inputs("clean", project_copy).python
    assert "ketamine_faers/sql_models.py" in before
    (project_copy / "ketamine_faers" / "models").mkdir()
    (project_copy / "ketamine_faers" / "models" / "__init__.py").write_text("")
    shutil.move(
        project_copy / "ketamine_faers" / "sql_models.py",
        project_copy / "ketamine_faers" / "models" / "graph.py",
    )
    for path in (project_copy / "ketamine_faers").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("ketamine_faers.sql_models", "ketamine_faers.models.graph"))
    after = stage_inputs("clean", project_copy).python
    assert "ketamine_faers/sql_models.py" not in after
    assert "ketamine_faers/models/graph.py" in after
    assert "ketamine_faers/models/__init__.py" in after


def test_a_module_imported_inside_a_function_is_covered(project_copy):
    (project_copy / "ketamine_faers" / "late_rule.py").write_text("RULE = 1\n")
    with (project_copy / "ketamine_faers" / "clean_model.py").open("a") as handle:
        handle.write(
            "\n\ndef _late():\n    from ketamine_faers.late_rule import RULE\n\n    return RULE\n"
        )
    assert "ketamine_faers/late_rule.py" in stage_inputs("clean", project_copy).python


def test_a_sql_file_named_in_the_code_but_missing_is_an_error(project_copy):
    with (project_copy / "ketamine_faers" / "clean_model.py").open("a") as handle:
        handle.write('\nGONE = "operations/clean/no_such_file.sql"\n')
    with pytest.raises(CoverageError, match="no_such_file.sql"):
        stage_inputs("clean", project_copy)


def test_a_missing_entry_module_is_an_error(project_copy):
    (project_copy / "ketamine_faers" / "clean_model.py").unlink()
    with pytest.raises(CoverageError, match="clean_model"):
        python_closure(STAGE_ENTRY_MODULES["clean"], project_copy)


def test_a_covered_file_that_is_missing_is_an_error(project_copy):
    with pytest.raises(FileNotFoundError, match="gone.py"):
        build_state.code_digest(["ketamine_faers/gone.py"], project_copy)
