"""What the guarded layer raises. Every message is safe to log: URLs in it are redacted.

Two families, because callers must treat them differently: a :class:`TransportError` may
go away on a retry (timeouts, dropped connections, a broken body); the others are the
server's answer or the caller's configuration and come back the same on every retry.
"""

from __future__ import annotations


class GuardedHTTPError(Exception):
    """Base of every error of :mod:`ketamine_faers.http`."""


class InvalidURLError(GuardedHTTPError, ValueError):
    """A URL is unusable or unsafe (no http(s) scheme, no host, a bad port, user info).
    The message says what is wrong in a few words and shows the URL redacted."""


class OffOriginError(GuardedHTTPError):
    """A URL or a redirect leaves the configured origin (scheme, host, port), or redirects
    went on past the allowed number. Not retried: the server would answer the same."""


class BodyTooLargeError(GuardedHTTPError):
    """The body, once decompressed, is over the session's cap. Not retried: a body that
    inflates without bound would do so again."""


class TransportError(GuardedHTTPError):
    """The exchange failed in a way a retry may fix. ``kind`` names it for statistics:
    ``timeout``, ``connection``, ``dropped`` (cut mid-body) or ``deadline``."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class DeadlineExceededError(TransportError):
    """The whole exchange (connect, headers, every byte of the body, redirects) took longer
    than the session's deadline, however steadily bytes kept arriving."""

    def __init__(self, seconds: float) -> None:
        super().__init__("deadline", f"no complete answer within the {seconds:g} s deadline")
        self.seconds = seconds
