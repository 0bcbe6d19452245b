"""The command line as a user runs it: a fresh process, real HTTP to the local stand-in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ketamine_faers.paths import PROJECT_ROOT


def test_demo_creates_a_missing_dagster_home_and_says_how_to_serve_its_dashboards(tmp_path: Path):
    home = tmp_path / "not" / "there" / "yet"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENFDA_", "FAERS_"))}
    env.update({"DAGSTER_HOME": str(home), "FAERS_DATA_DIR": str(tmp_path / "data")})
    result = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "demo", "--first", "2024Q1", "--last", "2024Q1"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert "Run finished." in result.stdout
    assert (tmp_path / "data" / "faers.duckdb").is_file()
    assert home.is_dir() and any(home.iterdir())  # the run's history lives there
    # serve reads FAERS_DATA_DIR as run does: the summary names the demo's folder to it
    assert f"FAERS_DATA_DIR={tmp_path / 'data'} ketamine-faers serve" in result.stdout
