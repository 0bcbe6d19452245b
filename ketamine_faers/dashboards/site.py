"""Build the static dashboard site from the published database, and swap it in atomically.

The site is plain files: ``index.html``, one page per effect category, and ``assets/`` with
the page script, the style sheet and ``plotly.min.js`` copied from the installed plotly
package. Nothing is loaded from the network, so the pages open from disk (``file://``) or
from ``ketamine-faers serve``.

Atomic publishing: the site is written into a new directory beside ``out_dir``
(``.dashboards-<stamp>``), then ``out_dir`` — a symbolic link — is repointed to it with one
``os.replace``. A reader sees the previous complete site or the new one, never a half-written
one. The previous version is kept until the next build (a page opened just before the swap
can still load its assets); older versions are removed. When ``out_dir`` is a plain directory
(first build over an older layout), it is moved aside and replaced, the one moment a reader
could find no site at all.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from ketamine_faers.dashboards.pages import BuildContext, Page, build_pages
from ketamine_faers.dashboards.site_data import load_site_data

STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_FILES = ("dashboards.css", "dashboards.js")
PLOTLY_JS = "plotly.min.js"
VERSION_PREFIX = "."  # versions are hidden directories: .dashboards-<stamp>-<id>


@dataclass(frozen=True)
class SiteReport:
    """What one build wrote."""

    out_dir: Path
    version_dir: Path
    pages: tuple[str, ...]
    charts_per_page: dict[str, int]
    seconds: float
    synthetic: bool | None
    data_quality: str

    @property
    def index(self) -> Path:
        return self.out_dir / "index.html"


def plotly_js_path() -> Path:
    """``plotly.min.js`` shipped inside the installed plotly Python package."""
    path = Path(str(resources.files("plotly") / "package_data" / PLOTLY_JS))
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} is missing: the plotly package is installed without its JavaScript "
            "bundle; reinstall it (pip install --force-reinstall plotly)"
        )
    return path


def build_site(published_db: Path, out_dir: Path) -> SiteReport:
    """Build the dashboards from ``published_db`` (opened read-only) and publish them at
    ``out_dir`` atomically."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    data = load_site_data(Path(published_db))
    context = BuildContext(
        built_at=datetime.now(UTC).replace(tzinfo=None),
        data_docs_available=(out_dir.parent / "data_docs" / "index.html").is_file(),
    )
    pages = build_pages(data, context)

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    stamp = context.built_at.strftime("%Y%m%dT%H%M%S")
    version = out_dir.parent / f"{VERSION_PREFIX}{out_dir.name}-{stamp}-{uuid.uuid4().hex[:8]}"
    with _exclusive(out_dir.parent / f"{VERSION_PREFIX}{out_dir.name}.lock"):
        try:
            _write_site(version, pages)
            previous = _swap_in(version, out_dir)
        except BaseException:
            shutil.rmtree(version, ignore_errors=True)
            raise
        _remove_old_versions(out_dir, keep={version.name, previous})
    return SiteReport(
        out_dir=out_dir,
        version_dir=version,
        pages=tuple(page.filename for page in pages),
        charts_per_page={page.filename: len(page.charts) for page in pages},
        seconds=round(time.perf_counter() - started, 3),
        synthetic=data.source.synthetic,
        data_quality=data.quality.status,
    )


def _write_site(directory: Path, pages: list[Page]) -> None:
    assets = directory / "assets"
    assets.mkdir(parents=True)
    for name in STATIC_FILES:
        shutil.copyfile(STATIC_DIR / name, assets / name)
    shutil.copyfile(plotly_js_path(), assets / PLOTLY_JS)
    for page in pages:
        (directory / page.filename).write_text(page.html, encoding="utf-8")
    for path in [*assets.iterdir(), *directory.glob("*.html")]:
        with open(path, "rb") as handle:
            os.fsync(handle.fileno())
    _fsync_dir(assets)
    _fsync_dir(directory)


@contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """One build at a time per site: a build never removes a version another is writing."""
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _swap_in(version: Path, out_dir: Path) -> str | None:
    """Point ``out_dir`` at ``version`` in one rename; the name of the version it pointed
    at before, if any."""
    previous = Path(os.readlink(out_dir)).name if out_dir.is_symlink() else None
    link = out_dir.parent / f"{VERSION_PREFIX}{out_dir.name}-link-{uuid.uuid4().hex[:8]}"
    os.symlink(version.name, link, target_is_directory=True)
    try:
        if out_dir.exists() and not out_dir.is_symlink():
            aside = (
                out_dir.parent / f"{VERSION_PREFIX}{out_dir.name}-replaced-{uuid.uuid4().hex[:8]}"
            )
            os.replace(out_dir, aside)
        os.replace(link, out_dir)
    except BaseException:
        link.unlink(missing_ok=True)
        raise
    _fsync_dir(out_dir.parent)
    return previous


def _remove_old_versions(out_dir: Path, keep: set[str | None]) -> None:
    """Remove every version but ``keep``, and links left by an interrupted swap."""
    prefix = f"{VERSION_PREFIX}{out_dir.name}-"
    for path in out_dir.parent.iterdir():
        if not path.name.startswith(prefix) or path.name in keep:
            continue
        if path.is_symlink():
            path.unlink(missing_ok=True)
        elif path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
