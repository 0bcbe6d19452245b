"""``GuardedSession.download``: one streaming GET into a file, resumable, with the layer's rules.

FDA's quarterly zips are 10-150 MB each and there are about eighty of them, so the body goes
to disk in chunks (never whole into memory), and a connection that drops at 60 MB resumes
at 60 MB with ``Range: bytes=<n>-`` instead of starting over. The protections of
:meth:`GuardedSession.fetch` all apply (one origin, no user info, same-origin redirects, a
byte cap), but the deadline is a throughput floor (:class:`.watchdog.StreamDeadline`)
rather than a fixed time, which would cut an honest slow download of a large file.

The file written is the caller's partial (``<name>.part``); nothing here renames it into
place or retries: the caller checks the content first and owns the retry policy, told apart
by the exception's family (:mod:`.errors`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import requests
import urllib3.exceptions
from requests.structures import CaseInsensitiveDict

from ketamine_faers.http.errors import (
    BodyTooLargeError,
    DeadlineExceededError,
    TransportError,
)
from ketamine_faers.http.urls import redact_url, strip_userinfo
from ketamine_faers.http.watchdog import StreamDeadline

if TYPE_CHECKING:
    from ketamine_faers.http.session import GuardedSession

DEFAULT_MAX_DOWNLOAD_BYTES = 2 * 1024**3  # FDA's largest zips are about 150 MB
DEFAULT_MIN_BYTES_PER_SECOND = 10_000.0
DEFAULT_STALL_WINDOW_SECONDS = 60.0
_CHUNK = 256 * 1024
_CONTENT_RANGE = re.compile(r"^\s*bytes\s+(\d+)-(\d+)/(\d+|\*)\s*$", re.IGNORECASE)
_UNSATISFIED_RANGE = re.compile(r"^\s*bytes\s+\*/(\d+)\s*$", re.IGNORECASE)

ProgressCallback = Callable[[int, int | None], None]
"""Called as bytes arrive with (bytes in the file so far, the whole file's size if known)."""


@dataclass(frozen=True)
class DownloadResult:
    """What one download call did. ``complete`` means the file now holds the whole body the
    server announced (``size`` bytes); otherwise ``status`` is the server's refusal (a 404,
    429 or 5xx, with ``headers`` for ``Retry-After``) and the file was left as it was."""

    url: str
    status: int
    headers: CaseInsensitiveDict[str]
    complete: bool
    size: int | None
    resumed_from: int
    received: int


def stream_to_file(
    session: GuardedSession,
    url: str,
    dest: Path,
    *,
    resume: bool = True,
    expected_size: int | None = None,
    on_progress: ProgressCallback | None = None,
    max_bytes: int = DEFAULT_MAX_DOWNLOAD_BYTES,
    min_bytes_per_second: float = DEFAULT_MIN_BYTES_PER_SECOND,
    stall_window: float = DEFAULT_STALL_WINDOW_SECONDS,
) -> DownloadResult:
    """GET ``url`` into ``dest``. With ``resume`` and bytes already in ``dest``, ask for the
    rest: a 206 from the right offset appends, a 200 rewrites from zero, a 416 whose total
    equals what ``dest`` holds means it was already complete.

    ``expected_size`` is the exact size learnt earlier (say, from a dropped attempt's
    ``Content-Length``): an answer announcing another size means the file changed, so the
    partial is deleted and :class:`TransportError` (kind ``changed``) raised for a clean
    retry. Raises :class:`TransportError` for timeouts, drops, short bodies and stalls (the
    partial is kept for the next attempt), :class:`BodyTooLargeError` past ``max_bytes``
    (the partial is deleted), and :class:`OffOriginError`/:class:`InvalidURLError` as
    :meth:`GuardedSession.fetch` does.
    """
    if max_bytes <= 0:
        raise ValueError("max_bytes must be > 0")
    have = dest.stat().st_size if resume and dest.exists() else 0
    headers = {"Accept-Encoding": "identity"}
    if have:
        headers["Range"] = f"bytes={have}-"
    deadline = StreamDeadline(
        session.deadline, min_bytes_per_second=min_bytes_per_second, window=stall_window
    )
    with deadline:
        response = session.open(url, deadline, headers=headers)
        try:
            answered = strip_userinfo(response.url)
            status = response.status_code
            plan = _plan(response, dest, have, expected_size, max_bytes)
            if plan is None:  # a refusal (404, 429, 5xx ...): the caller decides
                return DownloadResult(answered, status, response.headers, False, None, have, 0)
            offset, total = plan
            if offset == total and status == 416:
                return DownloadResult(answered, status, response.headers, True, total, have, 0)
            deadline.body_started()
            received = _write_body(
                response, dest, offset, total, max_bytes, deadline, on_progress, session.timeout
            )
        finally:
            response.close()
    size = offset + received
    if total is not None and size != total:
        raise TransportError(
            "dropped", f"the body ended at {size:,} of {total:,} bytes ({redact_url(url)})"
        )
    return DownloadResult(answered, status, response.headers, True, size, offset, received)


def _plan(
    response: requests.Response,
    dest: Path,
    have: int,
    expected_size: int | None,
    max_bytes: int,
) -> tuple[int, int | None] | None:
    """(offset to write at, the whole file's size if known) for a body to read, or None
    for an answer that is not one."""
    status = response.status_code
    encoded = _is_encoded(response)
    if status == 416:
        match = _UNSATISFIED_RANGE.match(response.headers.get("Content-Range", ""))
        total = int(match.group(1)) if match else None
        if have and total == have and expected_size in (None, have):
            return have, have
        _discard(dest)
        raise TransportError("range", f"the server refused to resume at byte {have:,}")
    if status == 206 and encoded:
        _discard(dest)
        raise TransportError("range", "the server sent an encoded partial body")
    if status == 206:
        match = _CONTENT_RANGE.match(response.headers.get("Content-Range", ""))
        if not match or int(match.group(1)) != have:
            _discard(dest)
            raise TransportError("range", f"the server resumed elsewhere than byte {have:,}")
        total = None if match.group(3) == "*" else int(match.group(3))
        offset = have
    elif status == 200:
        declared = response.headers.get("Content-Length", "")
        total = int(declared) if declared.isdigit() and not encoded else None
        offset = 0
    else:
        return None
    if total is not None and expected_size is not None and total != expected_size:
        _discard(dest)
        raise TransportError(
            "changed",
            f"the file is now {total:,} bytes, not {expected_size:,}; it changed since the "
            "last attempt",
        )
    if total is not None and total > max_bytes:
        _discard(dest)
        raise BodyTooLargeError(
            f"{redact_url(response.url)} announces {total:,} bytes, more than the "
            f"{max_bytes:,} allowed; refusing to download it"
        )
    return offset, total


def _write_body(
    response: requests.Response,
    dest: Path,
    offset: int,
    total: int | None,
    max_bytes: int,
    deadline: StreamDeadline,
    on_progress: ProgressCallback | None,
    timeout: float,
) -> int:
    """Append the body to ``dest`` from ``offset`` (truncating anything after it); the
    number of bytes received. A body that was content-encoded despite ``identity`` is
    decoded (the cap counts decoded bytes) and cannot be resumed, so it is never kept
    partial."""
    encoded = _is_encoded(response)
    received = 0
    dest.parent.mkdir(parents=True, exist_ok=True)
    with open(dest, "r+b" if offset and dest.exists() else "wb") as out:
        out.seek(offset)
        out.truncate()
        try:
            for chunk in response.raw.stream(_CHUNK, decode_content=True):
                received += len(chunk)
                if offset + received > max_bytes:
                    raise BodyTooLargeError(
                        f"the download from {redact_url(response.url)} passed the "
                        f"{max_bytes:,} bytes allowed; refusing to read more"
                    )
                out.write(chunk)
                deadline.note(len(chunk))
                if on_progress is not None:
                    on_progress(offset + received, total)
        except BodyTooLargeError:
            _close_and_discard(out, dest)
            raise
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            _keep_or_discard(out, dest, encoded)
            raise _transport_error(exc, deadline, timeout) from None
        if deadline.fired:
            _keep_or_discard(out, dest, encoded)
            raise _stalled(deadline)
        _flush(out)
    return received


def _transport_error(
    exc: BaseException, deadline: StreamDeadline, timeout: float
) -> TransportError:
    if deadline.fired:
        return _stalled(deadline)
    if isinstance(exc, urllib3.exceptions.ReadTimeoutError):
        return TransportError("timeout", f"no bytes within {timeout:g} s")
    return TransportError("dropped", f"the connection dropped mid-body ({type(exc).__name__})")


def _stalled(deadline: StreamDeadline) -> TransportError:
    if deadline.reason.startswith("no answer"):
        return DeadlineExceededError(deadline.seconds)
    return TransportError("stalled", deadline.reason or "the download stalled")


def _is_encoded(response: requests.Response) -> bool:
    return response.headers.get("Content-Encoding", "identity").strip().lower() != "identity"


def _flush(out: BinaryIO) -> None:
    out.flush()
    os.fsync(out.fileno())


def _keep_or_discard(out: BinaryIO, dest: Path, encoded: bool) -> None:
    if encoded:
        _close_and_discard(out, dest)
    else:
        _flush(out)


def _close_and_discard(out: BinaryIO, dest: Path) -> None:
    out.close()
    _discard(dest)


def _discard(dest: Path) -> None:
    dest.unlink(missing_ok=True)
