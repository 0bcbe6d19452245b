"""The suites of ``expectations/``: found, read, checked and turned into GX suites.

A suite file is checked when read, because GX would only log an expectation it cannot parse
and drop it, and a missing severity would silently count as critical.
"""

from __future__ import annotations

import copy
import json
import uuid
from functools import cache
from typing import TYPE_CHECKING, Any

from ketamine_faers.paths import EXPECTATIONS_DIR
from ketamine_faers.quality.outcomes import SEVERITY_OF_GX

if TYPE_CHECKING:
    from great_expectations.core import ExpectationSuite

_ID_NAMESPACE = uuid.UUID("0b7c1f0e-5f55-4a8e-9d43-6f1c3c7e2a10")


class SuiteError(ValueError):
    """A suite file in ``expectations/`` is missing or malformed."""


def suite_names() -> list[str]:
    """Every suite in ``expectations/``, by name (the file's stem), sorted."""
    return sorted(path.stem for path in EXPECTATIONS_DIR.glob("*.json"))


def load_suite(name: str) -> ExpectationSuite:
    """The GX ``ExpectationSuite`` of ``expectations/<name>.json``, checked.

    Each expectation gets a stable id derived from its type and kwargs, so results can be
    matched to the suite's own order and a row of ``data_quality`` to its expectation.
    """
    import great_expectations as gx  # imported when needed: it takes seconds

    raw = copy.deepcopy(suite_json(name))
    expectations = []
    for index, item in enumerate(raw.get("expectations", [])):
        where = f"expectations/{name}.json, expectation {index + 1} ({item.get('type')})"
        if item.get("severity") not in SEVERITY_OF_GX:
            raise SuiteError(
                f"{where}: severity must be 'critical' (recorded as error) or 'warning', "
                f"got {item.get('severity')!r}"
            )
        expectations.append({**item, "id": expectation_id(name, item)})
    suite = gx.ExpectationSuite(
        name=raw["name"],
        expectations=expectations,
        meta=raw.get("meta"),
        notes=raw.get("notes"),
    )
    if len(suite.expectations) != len(expectations):
        raise SuiteError(
            f"expectations/{name}.json: GX rejected {len(expectations) - len(suite.expectations)}"
            " expectation(s); see the log for which and why"
        )
    ids = [e.id for e in suite.expectations]
    if len(set(ids)) != len(ids):
        raise SuiteError(f"expectations/{name}.json: the same expectation is listed twice")
    return suite


def expectation_id(name: str, item: dict[str, Any]) -> str:
    """A stable id from the suite, type and kwargs of an expectation (as in its file)."""
    identity = json.dumps([name, item.get("type"), item.get("kwargs")], sort_keys=True)
    return str(uuid.uuid5(_ID_NAMESPACE, identity))


def expectation_ids(name: str) -> set[str]:
    """The ids :func:`load_suite` gives the suite's expectations, without loading GX."""
    return {expectation_id(name, item) for item in suite_json(name).get("expectations", [])}


@cache
def suite_json(name: str) -> dict[str, Any]:
    """The parsed file of a suite, with the ``meta`` keys the package relies on checked:
    the table it validates, the batch query and the tables that query reads."""
    path = EXPECTATIONS_DIR / f"{name}.json"
    if not path.is_file():
        raise SuiteError(f"no suite {name!r}: {path} does not exist (suites: {suite_names()})")
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if raw.get("name") != name:
        raise SuiteError(f"{path}: name is {raw.get('name')!r}, expected {name!r}")
    meta = raw.get("meta") or {}
    for key in ("table", "batch_query", "reads"):
        if not meta.get(key):
            raise SuiteError(f"{path}: meta.{key} is required (what the suite validates)")
    return raw


def suite_table(name: str) -> str:
    """The table a suite validates, e.g. ``main.reports``."""
    table: str = suite_json(name)["meta"]["table"]
    return table
