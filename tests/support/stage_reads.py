"""Run one stage in this fresh process and print, as JSON, every project file it read and every
project module it had loaded: what tests/architecture/test_stage_inputs.py checks its
fingerprint covers. Usage: python tests/support/stage_reads.py clean|effects|quality"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

from ketamine_faers.paths import PROJECT_ROOT

ROOT = PROJECT_ROOT
PACKAGES = ("ketamine_faers", "assets", "pipelines", "standins")
ENTRY = {
    "clean": "ketamine_faers.clean_model",
    "effects": "ketamine_faers.effects_model",
    "quality": "ketamine_faers.quality",
}

opened: dict[str, set[str]] = {"run": set(), "other": set()}
recording = False


def _hook(event: str, args: tuple) -> None:
    if recording and event == "open" and isinstance(args[0], str | Path):
        path = Path(args[0]).resolve()
        if (
            path.is_relative_to(ROOT)
            and path.is_file()
            and not {".venv", "__pycache__"} & set(path.parts)
        ):
            # "run": read by sql_files.read_sql to be executed; "other": any other read, such
            # as sql_models parsing every model file to derive the run order
            kind = "run" if _called_from("read_sql") else "other"
            opened[kind].add(path.relative_to(ROOT).as_posix())


def _called_from(function: str) -> bool:
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_name == function and frame.f_code.co_filename.endswith("sql_files.py"):
            return True
        frame = frame.f_back
    return False


def _project_modules() -> list[str]:
    return sorted(
        Path(module.__file__).resolve().relative_to(ROOT).as_posix()
        for name, module in list(sys.modules.items())
        if name.split(".")[0] in PACKAGES and getattr(module, "__file__", None)
    )


def main(stage: str) -> None:
    global recording
    importlib.import_module(ENTRY[stage])
    loaded_by_entry = _project_modules()

    from ketamine_faers.clean_model import build_clean_tables
    from ketamine_faers.effects_model import build_effect_tables
    from ketamine_faers.sql_files import run_sql
    from tests.support.clean_records import drug, land, raw_connection, report

    con = raw_connection()
    con.execute("use raw")
    run_sql(con, "operations/raw_landing/create_background_counts.sql")
    con.execute("use memory")
    land(con, [report(drugs=[drug("SPRAVATO")]), report(safetyreportid="2"), [1]])
    sys.addaudithook(_hook)
    before = set(_project_modules())
    recording = stage == "clean"
    build_clean_tables(con)
    recording = stage == "effects"
    build_effect_tables(con)
    if stage == "quality":
        from ketamine_faers.quality import validate_all

        before = set(_project_modules())
        recording = True
        validate_all(con, "stage-reads", suites=["reports", "signals"])
    recording = False
    imported_during = sorted(set(_project_modules()) - before)
    print(
        json.dumps(
            {
                "run": sorted(opened["run"]),
                "other": sorted(opened["other"]),
                "loaded_by_entry": loaded_by_entry,
                "imported_during": imported_during,
            }
        )
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main(sys.argv[1])
