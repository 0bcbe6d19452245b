"""Download each quarter's ASCII zip once into ``work/files/zips/``, resumed, checked, renamed.

A backfill is about eighty files of up to 150 MB from one government server, so the rules:

* a quarter's zip is streamed to ``<name>.part`` through the guarded layer
  (:meth:`GuardedSession.download`: page origin only, no user info, same-origin redirects,
  a byte cap, a throughput floor); a dropped connection resumes with a Range request;
* 5xx, 429 (``Retry-After`` honoured as a floor), dropped or stalled connections and bodies
  that turn out broken are retried with full-jitter exponential back-off, a bounded number
  of times; a 404, an off-origin redirect or a body over the cap is not;
* the file must then be whole (its ``Content-Length``), open as a zip whose members pass
  their CRCs, hold the seven tables and fit the size the page shows; only then is it
  renamed into place (``os.replace``), so a broken download never looks like a good one;
* ``downloads.json`` (:mod:`.manifest`) records it; a quarter already there with the same
  name and shown size is not fetched again, and one missing from the page is simply not
  published yet;
* one quarter failing is a :class:`QuarterDownload` with a one-line reason, never an
  exception that stops the others.
"""

from __future__ import annotations

import hashlib
import logging
import os
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from ketamine_faers.http import (
    DEFAULT_MIN_BYTES_PER_SECOND,
    DEFAULT_STALL_WINDOW_SECONDS,
    BodyTooLargeError,
    GuardedSession,
    InvalidURLError,
    OffOriginError,
    TransportError,
    redact_url,
)
from ketamine_faers.http.retry_after import retry_after_seconds
from ketamine_faers.sources.faers_files.index_page import (
    IndexPage,
    QuarterLink,
    SkippedLink,
    parse_index_page,
)
from ketamine_faers.sources.faers_files.manifest import (
    ManifestEntry,
    read_manifest,
    write_manifest,
)
from ketamine_faers.sources.faers_files.posted import is_current
from ketamine_faers.sources.faers_files.zip_check import check_zip

log = logging.getLogger(__name__)

FDA_PAGE_URL = "https://fis.fda.gov/extensions/FPD-QDE-FAERS/FPD-QDE-FAERS.html"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
Outcome = Literal["downloaded", "unchanged", "failed"]


class FaersFilesError(RuntimeError):
    """FDA's page could not be read (after retries) or was refused; one line."""


@dataclass(frozen=True)
class DownloadPolicy:
    """How hard to try. ``header_deadline`` bounds connect, redirects and headers; after
    that the body must average ``min_bytes_per_second`` over every ``stall_window``
    seconds. ``max_zip_bytes`` caps one zip, ``max_page_bytes`` the index page."""

    max_attempts: int = 5
    backoff_base: float = 2.0
    backoff_cap: float = 120.0
    timeout: float = 60.0
    header_deadline: float = 120.0
    min_bytes_per_second: float = DEFAULT_MIN_BYTES_PER_SECOND
    stall_window: float = DEFAULT_STALL_WINDOW_SECONDS
    max_zip_bytes: int = 1024**3
    max_page_bytes: int = 8 * 1024**2

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be >= 1")


@dataclass(frozen=True)
class DownloadProgress:
    """Reported while downloading: the current quarter's bytes (``bytes_total`` None until
    the server says) and how many of the run's quarters are settled."""

    quarter: str
    file_name: str
    bytes_done: int
    bytes_total: int | None
    quarters_done: int
    quarters_total: int


@dataclass(frozen=True)
class QuarterDownload:
    """One quarter's outcome. ``reason`` is one line for ``failed`` (else None); ``path``,
    ``bytes`` and ``sha256`` describe the zip in place (None when failed)."""

    quarter: str
    outcome: Outcome
    file_name: str
    path: Path | None = None
    bytes: int | None = None
    sha256: str | None = None
    attempts: int = 0
    resumed: bool = False
    reason: str | None = None


@dataclass(frozen=True)
class DownloadRun:
    """The outcomes of one run, plus the requested quarters the page does not list yet
    and the zip links the page had that were not followed."""

    results: tuple[QuarterDownload, ...]
    not_published: tuple[str, ...] = ()
    skipped_links: tuple[SkippedLink, ...] = ()

    def outcome(self, outcome: Outcome) -> list[QuarterDownload]:
        return [result for result in self.results if result.outcome == outcome]


ProgressHook = Callable[[DownloadProgress], None]


def zips_dir(work_dir: Path) -> Path:
    return work_dir / "files" / "zips"


def manifest_path(work_dir: Path) -> Path:
    return work_dir / "files" / "downloads.json"


class FaersFilesDownloader:
    """Reads FDA's page and downloads quarters into ``work_dir`` (``$FAERS_DATA_DIR/work``).
    Requests go only to the page's origin. Not thread-safe."""

    def __init__(
        self,
        work_dir: str | os.PathLike[str],
        page_url: str = FDA_PAGE_URL,
        *,
        policy: DownloadPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.work_dir = Path(work_dir)
        self.policy = policy or DownloadPolicy()
        self._sleep = sleep
        try:
            self._http = GuardedSession(
                page_url,
                timeout=self.policy.timeout,
                deadline=self.policy.header_deadline,
                max_body_bytes=self.policy.max_page_bytes,
                user_agent="ketamine-faers (+FDA quarterly files downloader)",
            )
        except InvalidURLError as exc:
            raise FaersFilesError(f"unusable address for FDA's files page: {exc}") from None
        self.page_url = self._http.base_url

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> FaersFilesDownloader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the page ---------------------------------------------------------------------

    def read_index(self) -> IndexPage:
        """The page, fetched with the same retries as a zip, parsed."""
        problem = "no attempt made"
        for attempt in range(1, self.policy.max_attempts + 1):
            retry_after: float | None = None
            try:
                response = self._http.fetch(self.page_url)
            except (OffOriginError, BodyTooLargeError) as exc:
                raise FaersFilesError(f"FDA's files page was refused: {exc}") from None
            except TransportError as exc:
                problem = str(exc)
            else:
                if response.status == 200:
                    return parse_index_page(_page_text(response.body), response.url)
                if response.status not in RETRY_STATUSES:
                    raise FaersFilesError(
                        f"FDA's files page {redact_url(self.page_url)} answered HTTP "
                        f"{response.status}"
                    )
                problem = f"HTTP {response.status}"
                retry_after = retry_after_seconds(response.headers.get("Retry-After"))
            if attempt < self.policy.max_attempts:
                self._sleep(self._backoff(attempt, retry_after))
        raise FaersFilesError(
            f"FDA's files page {redact_url(self.page_url)} could not be read after "
            f"{self.policy.max_attempts} attempts (last problem: {problem})"
        )

    # -- the zips ---------------------------------------------------------------------

    def download(
        self,
        quarters: Iterable[str] | None = None,
        *,
        index: IndexPage | None = None,
        on_progress: ProgressHook | None = None,
    ) -> DownloadRun:
        """Bring ``quarters`` ('YYYYQn'; all on the page when None) up to date on disk.
        ``index`` saves reading the page again when the caller already has it."""
        page = index if index is not None else self.read_index()
        offered = page.by_quarter()
        wanted = sorted(offered) if quarters is None else sorted({q.upper() for q in quarters})
        todo = [offered[q] for q in wanted if q in offered]
        manifest = read_manifest(manifest_path(self.work_dir))
        results: list[QuarterDownload] = []
        for link in todo:
            tracker = _Tracker(link, len(results), len(todo), on_progress)
            result = self._one(link, manifest, tracker)
            results.append(result)
            if result.outcome == "failed":
                log.warning("FDA files: %s not downloaded: %s", link.quarter, result.reason)
            tracker.settled(result.bytes if result.outcome == "unchanged" else None)
        return DownloadRun(
            results=tuple(results),
            not_published=tuple(q for q in wanted if q not in offered),
            skipped_links=page.skipped,
        )

    def _one(
        self, link: QuarterLink, manifest: dict[str, ManifestEntry], tracker: _Tracker
    ) -> QuarterDownload:
        target = zips_dir(self.work_dir) / link.file_name
        known = manifest.get(link.quarter)
        if known is not None and _still_good(known, link, target):
            return QuarterDownload(
                link.quarter, "unchanged", link.file_name, target, known.bytes, known.sha256
            )
        part = target.with_name(target.name + ".part")
        try:
            attempts, resumed = self._fetch(link, part, tracker)
            size = part.stat().st_size
            digest = _sha256(part)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(part, target)
        except _QuarterFailed as failed:
            return QuarterDownload(
                link.quarter,
                "failed",
                link.file_name,
                attempts=failed.attempts,
                reason=failed.reason,
            )
        except OSError as exc:  # the disk, not the server: still only this quarter
            reason = f"could not write {part.name}: {exc.strerror or type(exc).__name__}"
            return QuarterDownload(link.quarter, "failed", link.file_name, reason=reason)
        entry = ManifestEntry(
            quarter=link.quarter,
            url=link.url,
            file_name=link.file_name,
            shown_size=link.size_text,
            bytes=size,
            sha256=digest,
            downloaded_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        manifest[link.quarter] = entry
        write_manifest(manifest_path(self.work_dir), manifest)
        if known is not None and known.file_name != link.file_name:
            (target.parent / known.file_name).unlink(missing_ok=True)
        return QuarterDownload(
            link.quarter, "downloaded", link.file_name, target, size, digest, attempts, resumed
        )

    def _fetch(self, link: QuarterLink, part: Path, tracker: _Tracker) -> tuple[int, bool]:
        """Bring ``part`` to a checked, whole zip: (attempts made, whether any resumed).
        Raises :class:`_QuarterFailed` with a one-line reason otherwise."""
        policy = self.policy
        resumed = False
        problem = "no attempt made"
        for attempt in range(1, policy.max_attempts + 1):
            retry_after: float | None = None
            try:
                result = self._http.download(
                    link.url,
                    part,
                    expected_size=tracker.total,
                    on_progress=tracker.bytes,
                    max_bytes=policy.max_zip_bytes,
                    min_bytes_per_second=policy.min_bytes_per_second,
                    stall_window=policy.stall_window,
                )
            except (OffOriginError, InvalidURLError, BodyTooLargeError) as exc:
                part.unlink(missing_ok=True)
                raise _QuarterFailed(str(exc), attempt) from None
            except TransportError as exc:
                problem = str(exc)
                if exc.kind in ("changed", "range"):
                    tracker.total = None  # the partial is gone; start afresh
            else:
                resumed = resumed or result.resumed_from > 0
                if result.complete:
                    verdict = check_zip(part)
                    if verdict is None and not link.size_fits(result.size or 0):
                        part.unlink(missing_ok=True)
                        raise _QuarterFailed(
                            f"the page shows {link.size_text} but the server sent "
                            f"{result.size:,} bytes",
                            attempt,
                        )
                    if verdict is None:
                        return attempt, resumed
                    part.unlink(missing_ok=True)
                    tracker.total = None
                    if not verdict.broken:
                        raise _QuarterFailed(verdict.reason, attempt)
                    problem = verdict.reason
                elif result.status in RETRY_STATUSES:
                    problem = f"HTTP {result.status}"
                    retry_after = retry_after_seconds(result.headers.get("Retry-After"))
                else:
                    raise _QuarterFailed(f"the server answered HTTP {result.status}", attempt)
            if attempt < policy.max_attempts:
                delay = self._backoff(attempt, retry_after)
                log.info("FDA files: %s attempt %d failed (%s)", link.quarter, attempt, problem)
                self._sleep(delay)
        raise _QuarterFailed(
            f"gave up after {policy.max_attempts} attempts (last problem: {problem})",
            policy.max_attempts,
        )

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        """Full-jitter exponential back-off; a server's Retry-After is a floor (capped)."""
        ceiling = min(self.policy.backoff_cap, self.policy.backoff_base * 2 ** (attempt - 1))
        delay = random.uniform(0, ceiling)
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.policy.backoff_cap))
        return delay


def download_quarters(
    work_dir: str | os.PathLike[str],
    quarters: Iterable[str] | None = None,
    *,
    page_url: str = FDA_PAGE_URL,
    policy: DownloadPolicy | None = None,
    on_progress: ProgressHook | None = None,
) -> DownloadRun:
    """Read the page and download ``quarters`` (all when None): the one-call form."""
    with FaersFilesDownloader(work_dir, page_url, policy=policy) as downloader:
        return downloader.download(quarters, on_progress=on_progress)


class _QuarterFailed(Exception):
    def __init__(self, reason: str, attempts: int) -> None:
        super().__init__(reason)
        self.reason = " ".join(reason.split())
        self.attempts = attempts


@dataclass
class _Tracker:
    """Turns the layer's byte counts into :class:`DownloadProgress` and remembers the
    exact size the server announced, so a resumed attempt can tell if the file changed."""

    link: QuarterLink
    done: int
    count: int
    hook: ProgressHook | None
    total: int | None = None
    _last: int = field(default=0)

    def bytes(self, done: int, total: int | None) -> None:
        if total is not None:
            self.total = total
        self._last = done
        self._report(done, self.done)

    def settled(self, done: int | None = None) -> None:
        self._report(self._last if done is None else done, self.done + 1)

    def _report(self, done: int, quarters_done: int) -> None:
        if self.hook is not None:
            self.hook(
                DownloadProgress(
                    self.link.quarter,
                    self.link.file_name,
                    done,
                    self.total,
                    quarters_done,
                    self.count,
                )
            )


def _still_good(entry: ManifestEntry, link: QuarterLink, target: Path) -> bool:
    """Downloaded before under the same name and shown size, and still of that length."""
    if not is_current(entry, link):
        return False
    try:
        return target.stat().st_size == entry.bytes
    except OSError:
        return False


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _page_text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("latin-1")
