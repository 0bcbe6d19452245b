"""Which quarters FDA's page offers that the downloads manifest does not hold as they are shown:
what the sensor asks a files refresh for. The rule is the downloader's own (a quarter is
current when the manifest has it under the same file name and shown size), so the sensor
never requests a run that would download nothing."""

from __future__ import annotations

from ketamine_faers.sources.faers_files.index_page import IndexPage, QuarterLink
from ketamine_faers.sources.faers_files.manifest import ManifestEntry


def is_current(entry: ManifestEntry | None, link: QuarterLink) -> bool:
    """The manifest's entry describes the zip the page links now (same name, same shown size)."""
    return (
        entry is not None
        and entry.file_name == link.file_name
        and entry.shown_size == link.size_text
    )


def new_or_changed_quarters(
    page: IndexPage, manifest: dict[str, ManifestEntry]
) -> list[QuarterLink]:
    """The page's links whose quarter is not downloaded yet, or was downloaded as another file
    or size, oldest first."""
    return [link for link in page.links if not is_current(manifest.get(link.quarter), link)]
