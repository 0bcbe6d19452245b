"""The one guarded HTTP layer every client of the project uses.

A server must not decide what a run costs or what it stores. So every request made through
:class:`GuardedSession` has a deadline on the whole exchange (not per read), a cap on the
decompressed body, redirects only within the configured origin, no credentials in any URL,
and a body decoded once by JSON's rules. :meth:`GuardedSession.download` streams a large
file to disk under the same rules, resuming with a Range request and bounded by a throughput
floor instead of a fixed deadline. Clients (``sources/openfda/client.py``,
``sources/faers_files/download.py``) add their own retries and paging on top; nothing here
retries.
"""

from ketamine_faers.http.decoding import decode_json_bytes
from ketamine_faers.http.download import (
    DEFAULT_MAX_DOWNLOAD_BYTES,
    DEFAULT_MIN_BYTES_PER_SECOND,
    DEFAULT_STALL_WINDOW_SECONDS,
    DownloadResult,
    ProgressCallback,
)
from ketamine_faers.http.errors import (
    BodyTooLargeError,
    DeadlineExceededError,
    GuardedHTTPError,
    InvalidURLError,
    OffOriginError,
    TransportError,
)
from ketamine_faers.http.session import (
    DEFAULT_DEADLINE_SECONDS,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_MAX_REDIRECTS,
    GuardedResponse,
    GuardedSession,
)
from ketamine_faers.http.urls import (
    Origin,
    check_base_url,
    has_userinfo,
    origin_of,
    redact_url,
    request_key,
    strip_userinfo,
)

__all__ = [
    "DEFAULT_DEADLINE_SECONDS",
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_MAX_DOWNLOAD_BYTES",
    "DEFAULT_MAX_REDIRECTS",
    "DEFAULT_MIN_BYTES_PER_SECOND",
    "DEFAULT_STALL_WINDOW_SECONDS",
    "BodyTooLargeError",
    "DeadlineExceededError",
    "DownloadResult",
    "GuardedHTTPError",
    "GuardedResponse",
    "GuardedSession",
    "InvalidURLError",
    "OffOriginError",
    "Origin",
    "ProgressCallback",
    "TransportError",
    "check_base_url",
    "decode_json_bytes",
    "has_userinfo",
    "origin_of",
    "redact_url",
    "request_key",
    "strip_userinfo",
]
