"""The code location `dagster dev` loads from workspace.yaml: every asset, check, job,
schedule and sensor is there, and the definitions validate."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import dagster as dg
import yaml

from assets.resources import RunResource
from ketamine_faers.files_tables import FILES_TABLES
from ketamine_faers.paths import PROJECT_ROOT

ASSETS = {
    "raw_reports",
    "background_counts",
    "reports",
    "drugs",
    "reactions",
    "quarantine",
    "source_fetches",
    "effect_terms",
    "report_exposures",
    "effect_reports",
    "mart_effects_by_quarter",
    "mart_seriousness",
    "mart_outcomes",
    "mart_routes",
    "mart_demographics",
    "mart_reporters",
    "mart_top_terms",
    "mart_co_reported_terms",
    "signals",
    "published_database",
    "dashboards",
    "faers_files_landing",
    "faers_case_set",
    *(f"faers_files/{table}" for table in FILES_TABLES),
    "source_reconciliation",
}
GX_CHECKS = {
    "gx_raw_records",
    "gx_quarter_counts",
    "gx_reports",
    "gx_drugs",
    "gx_reactions",
    "gx_quarantine",
    "gx_effect_reports",
    "gx_signals",
    "gx_faers_files_cases",
    "gx_faers_files_quarters",
    "gx_source_reconciliation",
}


def _workspace_defs() -> dg.Definitions:
    workspace = yaml.safe_load((PROJECT_ROOT / "workspace.yaml").read_text(encoding="utf-8"))
    (location,) = workspace["load_from"]
    module = importlib.import_module(location["python_module"]["module_name"])
    return module.defs


def test_the_workspace_code_location_holds_every_asset_check_job_schedule_and_sensor():
    defs = _workspace_defs()
    dg.Definitions.validate_loadable(defs)
    repository = defs.get_repository_def()
    asset_keys = {key.to_user_string() for key in repository.asset_graph.get_all_asset_keys()}
    assert asset_keys == ASSETS
    checks = {key.name for key in repository.asset_graph.asset_check_keys}
    assert GX_CHECKS <= checks
    assert any(name.startswith("freshness") for name in checks)
    jobs = {job.name for job in repository.get_all_jobs()}
    assert jobs >= {"full_refresh", "files_refresh", "all_refresh"}
    assert {s.name for s in repository.schedule_defs} == {"weekly_refresh"}
    sensors = {s.name for s in repository.sensor_defs}
    assert {"openfda_updated", "faers_files_posted"} <= sensors and len(sensors) == 3
    assert set(defs.resources) == {"openfda", "warehouse", "faers_files"}


def test_every_resource_records_the_run_worker():
    """Each resource derives from RunResource, whose setup tags a run with its worker process
    (what tells a SIGKILLed run from a live one), so a new resource cannot leave it out."""
    resources = _workspace_defs().resources
    untagged = sorted(name for name, r in resources.items() if not isinstance(r, RunResource))
    assert resources and untagged == []


def test_dagster_itself_loads_the_workspace(tmp_path: Path):
    """The same check through Dagster's own loader, as `dagster dev` does it."""
    result = subprocess.run(
        [sys.executable, "-m", "dagster", "definitions", "validate", "-w", "workspace.yaml"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env={**_env(), "DAGSTER_HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr[-2000:]


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("OPENFDA_")}
