"""``GuardedSession.fetch``: one GET, with every protection the project's clients need.

Why one place: the openFDA client learned each of these from an attack on real runs, and
the quarterly-files downloader must not learn them again. ``fetch`` (and ``download``,
:mod:`.download`, for large files streamed to disk)

* refuses a URL off the configured origin and strips user info from every URL it sends
  (credentials travel only as ``auth``), and sends no proxy or netrc credentials;
* follows redirects itself, only within the origin and at most ``max_redirects`` times;
* bounds the whole exchange by ``deadline`` seconds (:mod:`.watchdog`), besides the
  per-read ``timeout``;
* reads the body in chunks, decompressing as it goes, and stops past ``max_body_bytes``
  decompressed, so a gzip bomb costs at most the cap;
* never retries: that is the caller's policy, told apart by the exception's family
  (:mod:`.errors`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import requests
import urllib3.exceptions
from requests.structures import CaseInsensitiveDict
from requests.utils import parse_header_links

from ketamine_faers.http.decoding import decode_json_bytes
from ketamine_faers.http.download import (
    DEFAULT_MAX_DOWNLOAD_BYTES,
    DEFAULT_MIN_BYTES_PER_SECOND,
    DEFAULT_STALL_WINDOW_SECONDS,
    DownloadResult,
    ProgressCallback,
    stream_to_file,
)
from ketamine_faers.http.errors import (
    BodyTooLargeError,
    DeadlineExceededError,
    InvalidURLError,
    OffOriginError,
    TransportError,
)
from ketamine_faers.http.urls import check_base_url, origin_of, redact_url, strip_userinfo
from ketamine_faers.http.watchdog import Deadline, watched_adapter

DEFAULT_DEADLINE_SECONDS = 120.0
DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 3
_CHUNK = 64 * 1024
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class GuardedResponse:
    """A complete answer: status, headers and the whole (decompressed) body. ``url`` is the
    address that answered, without user info."""

    url: str
    status: int
    headers: CaseInsensitiveDict[str]
    body: bytes

    def json_text(self) -> str:
        """The body decoded by JSON's rules (:func:`decode_json_bytes`)."""
        return decode_json_bytes(self.body)

    @property
    def next_link(self) -> str | None:
        """The ``Link: <...>; rel="next"`` address, if any."""
        header = self.headers.get("Link")
        if not header:
            return None
        for link in parse_header_links(header):
            if "next" in str(link.get("rel", "")).split():
                url = link.get("url")
                return urljoin(self.url, url) if url else None
        return None


class GuardedSession:
    """GETs against one origin (that of ``base_url``). Not thread-safe: one per thread."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 60.0,
        deadline: float = DEFAULT_DEADLINE_SECONDS,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        max_redirects: int = DEFAULT_MAX_REDIRECTS,
        user_agent: str | None = None,
    ) -> None:
        if deadline <= 0 or timeout <= 0 or max_body_bytes <= 0 or max_redirects < 0:
            raise ValueError("deadline, timeout and max_body_bytes must be > 0, redirects >= 0")
        self.base_url = check_base_url(base_url)
        self.origin = origin_of(self.base_url)
        self.timeout = timeout
        self.deadline = deadline
        self.max_body_bytes = max_body_bytes
        self.max_redirects = max_redirects
        self._session = requests.Session()
        self._session.trust_env = False  # no proxy variables or netrc: credentials go nowhere
        for prefix in ("http://", "https://"):
            self._session.mount(prefix, watched_adapter())
        if user_agent:
            self._session.headers["User-Agent"] = user_agent

    def close(self) -> None:
        self._session.close()

    def check_target(self, url: str) -> str:
        """``url`` without user info if it is on this session's origin, else
        :class:`OffOriginError` (also for a URL that cannot be read)."""
        try:
            origin = origin_of(url)
        except InvalidURLError as exc:
            raise OffOriginError(f"refusing to fetch an unusable address: {exc}") from None
        if origin != self.origin:
            raise OffOriginError(
                f"refusing {redact_url(url)}: it is on another origin ({origin}) than the "
                f"configured {self.origin}"
            )
        return strip_userinfo(url)

    def fetch(
        self,
        url: str,
        params: Mapping[str, str] | None = None,
        auth: tuple[str, str] | None = None,
    ) -> GuardedResponse:
        """GET ``url`` and read the whole answer, within the deadline and the body cap."""
        with Deadline(self.deadline) as deadline:
            response = self.open(url, deadline, params=params, auth=auth)
            try:
                body = self._read_body(response, deadline)
                return GuardedResponse(
                    url=strip_userinfo(response.url),
                    status=response.status_code,
                    headers=response.headers,
                    body=body,
                )
            finally:
                response.close()

    def download(
        self,
        url: str,
        dest: str | os.PathLike[str],
        *,
        resume: bool = True,
        expected_size: int | None = None,
        on_progress: ProgressCallback | None = None,
        max_bytes: int = DEFAULT_MAX_DOWNLOAD_BYTES,
        min_bytes_per_second: float = DEFAULT_MIN_BYTES_PER_SECOND,
        stall_window: float = DEFAULT_STALL_WINDOW_SECONDS,
    ) -> DownloadResult:
        """Stream ``url`` into the file ``dest``, resuming its bytes with a Range request.
        See :func:`ketamine_faers.http.download.stream_to_file` for the rules."""
        return stream_to_file(
            self,
            url,
            Path(dest),
            resume=resume,
            expected_size=expected_size,
            on_progress=on_progress,
            max_bytes=max_bytes,
            min_bytes_per_second=min_bytes_per_second,
            stall_window=stall_window,
        )

    def open(
        self,
        url: str,
        deadline: Deadline,
        *,
        params: Mapping[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """The final (non-redirect) answer to a GET of ``url``, its body not yet read; the
        caller closes it. Redirects are followed here, within the origin only, and
        ``headers`` go with every hop. Must run inside ``deadline`` (a context manager)."""
        target = self.check_target(url)
        query = dict(params) if params else None
        for _hop in range(self.max_redirects + 1):
            response = self._send(target, query, auth, deadline, headers)
            location = response.headers.get("Location")
            if response.status_code not in _REDIRECTS or not location:
                return response
            response.close()
            next_url = urljoin(response.url, location)
            try:
                target = self.check_target(next_url)
            except OffOriginError as exc:
                raise OffOriginError(f"the server redirected to another origin; {exc}") from None
            query = None
        raise OffOriginError(
            f"more than {self.max_redirects} redirects from {redact_url(url)}; refusing to "
            "follow further"
        )

    def _send(
        self,
        url: str,
        params: dict[str, str] | None,
        auth: tuple[str, str] | None,
        deadline: Deadline,
        headers: Mapping[str, str] | None = None,
    ) -> requests.Response:
        wait = min(self.timeout, max(deadline.remaining(), 0.001))
        try:
            return self._session.get(
                url,
                params=params,
                auth=auth,
                headers=dict(headers) if headers else None,
                timeout=(wait, wait),
                stream=True,
                allow_redirects=False,
            )
        except requests.Timeout:
            # the read timeout is cut to the deadline's remainder, so it can beat the watchdog
            # thread to the deadline on a loaded machine: the clock decides, not the thread
            if deadline.fired or deadline.remaining() <= 0.05:
                raise DeadlineExceededError(self.deadline) from None
            raise TransportError("timeout", f"no answer within {self.timeout:g} s") from None
        except requests.RequestException as exc:
            if deadline.fired:
                raise DeadlineExceededError(self.deadline) from None
            raise TransportError(
                "connection", f"connection failed ({type(exc).__name__})"
            ) from None

    def _read_body(self, response: requests.Response, deadline: Deadline) -> bytes:
        cap = self.max_body_bytes
        declared = response.headers.get("Content-Length", "")
        encoded = response.headers.get("Content-Encoding", "identity").lower() != "identity"
        if declared.isdigit() and int(declared) > cap and not encoded:
            raise self._too_large(response.url)
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.raw.stream(_CHUNK, decode_content=True):
                size += len(chunk)
                if size > cap:
                    raise self._too_large(response.url)
                chunks.append(chunk)
        except BodyTooLargeError:
            raise
        except urllib3.exceptions.ReadTimeoutError:
            if deadline.fired:
                raise DeadlineExceededError(self.deadline) from None
            raise TransportError("timeout", f"no answer within {self.timeout:g} s") from None
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            if deadline.fired:
                raise DeadlineExceededError(self.deadline) from None
            raise TransportError(
                "dropped", f"the connection dropped mid-body ({type(exc).__name__})"
            ) from None
        if deadline.fired:
            raise DeadlineExceededError(self.deadline)
        return b"".join(chunks)

    def _too_large(self, url: str) -> BodyTooLargeError:
        return BodyTooLargeError(
            f"the answer from {redact_url(url)} is larger than {self.max_body_bytes:,} bytes "
            "once decompressed; refusing to read more"
        )
