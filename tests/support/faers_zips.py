"""Real FAERS zips for the files-source tests: the subsets in ``reference/faers_ascii``
copied under the names FDA links for some quarters (mixed ``q``/``Q`` as FDA has them)."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

from ketamine_faers.paths import PROJECT_ROOT
from standins.faers_files import fda_zip_name

SUBSETS = PROJECT_ROOT / "reference" / "faers_ascii"
SUBSET_OF = {
    "2004Q1": "aers_ascii_2004q1_subset.zip",
    "2017Q2": "faers_ascii_2017q2_subset.zip",
    "2019Q1": "faers_ascii_2017q2_subset.zip",
    "2022Q4": "faers_ascii_2022Q4_subset.zip",
    "2023Q1": "faers_ascii_2017q2_subset.zip",
}


def fda_zips(folder: Path, quarters: tuple[str, ...] = ("2004Q1", "2017Q2", "2022Q4")) -> dict:
    """{FDA name: path} for ``quarters``, copied into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    zips = {}
    for quarter in quarters:
        name = fda_zip_name(quarter)
        shutil.copyfile(SUBSETS / SUBSET_OF[quarter], folder / name)
        zips[name] = folder / name
    return zips


def built_zip(path: Path, members: dict[str, bytes]) -> Path:
    """A zip of ``members`` (name -> bytes) written to ``path``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return path
