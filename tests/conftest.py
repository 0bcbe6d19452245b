"""Shared fixtures: the bundled sample served by the real local openFDA service over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ketamine_faers.local_openfda import LocalOpenFDA
from ketamine_faers.sample_corpus import generate_sample_corpus

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


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
