"""Where the project's own files are: computed once, here, for every module that reads them.

The pipeline runs from a checkout (an editable install): its SQL, reference data and suites
are files of the repository beside the Python packages, never copies inside them.
"""

from __future__ import annotations

from pathlib import Path

#: The repository root (the folder holding pyproject.toml).
PROJECT_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = PROJECT_ROOT / "sql"
REFERENCE_DIR = PROJECT_ROOT / "reference"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
EFFECT_TERMS_CSV = REFERENCE_DIR / "effect_terms.csv"
