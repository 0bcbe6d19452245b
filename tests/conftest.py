"""Shared fixtures: the bundled sample served by the real local openFDA service over HTTP, and
one full pipeline run over it. Helpers live in tests/support/, not here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest

from ketamine_faers.paths import PROJECT_ROOT
from standins.openfda import LocalOpenFDA
from standins.sample import generate_sample_corpus
from tests.support.pipeline_runs import BuiltPipeline, materialize_everything

ARTIFACTS = PROJECT_ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def sample_records() -> list[dict]:
    return generate_sample_corpus()


@pytest.fixture(scope="session")
def sample_service(sample_records: list[dict]) -> Iterator[LocalOpenFDA]:
    """The bundled sample, served once for the whole session. Tests that inject faults use
    their own service so they cannot disturb others."""
    with LocalOpenFDA(sample_records) as service:
        yield service


@pytest.fixture
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def built(sample_service: LocalOpenFDA, tmp_path_factory: pytest.TempPathFactory) -> BuiltPipeline:
    root = tmp_path_factory.mktemp("built")
    (root / "dagster_home").mkdir()
    instance = dg.DagsterInstance.local_temp(str(root / "dagster_home"))
    result = materialize_everything(sample_service, root / "data", instance)
    assert result.success
    return BuiltPipeline(root / "data", result, instance, sample_service)
