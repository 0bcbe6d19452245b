"""``work/files/downloads.json``: what was downloaded, per quarter.

The manifest is how a later run knows a quarter is already here (same name, same size as
shown on the page, the file still of the recorded length) and what exactly it holds
(sha256). It is rewritten whole through a temporary file and ``os.replace`` after every
quarter, so an interrupted run leaves the previous manifest or the new one, never half of
one. URLs are stored without user info.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from ketamine_faers.http import strip_userinfo

MANIFEST_VERSION = 1


@dataclass(frozen=True)
class ManifestEntry:
    """One downloaded quarter: ``shown_size`` is the page's text when it was fetched,
    ``bytes`` and ``sha256`` describe the zip on disk, ``downloaded_at`` is UTC ISO 8601."""

    quarter: str
    url: str
    file_name: str
    shown_size: str | None
    bytes: int
    sha256: str
    downloaded_at: str


def read_manifest(path: Path) -> dict[str, ManifestEntry]:
    """The entries by quarter; none for a missing or unreadable file (everything is then
    checked again, which costs a download, never correctness)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        quarters = data["quarters"]
        return {
            quarter: ManifestEntry(**{**entry, "quarter": quarter})
            for quarter, entry in quarters.items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def write_manifest(path: Path, entries: dict[str, ManifestEntry]) -> None:
    """Replace the manifest with ``entries`` in one step."""
    quarters = {}
    for quarter in sorted(entries):
        entry = asdict(entries[quarter])
        entry.pop("quarter")
        entry["url"] = strip_userinfo(entry["url"])
        quarters[quarter] = entry
    text = json.dumps({"version": MANIFEST_VERSION, "quarters": quarters}, indent=2) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
