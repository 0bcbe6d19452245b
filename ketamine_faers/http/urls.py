"""URLs: validation of a base address, origins, and the redacted form for logs and storage.

Credentials never belong in a URL: a URL is printed, logged, stored (``source_fetches``),
shown on dashboards and kept in Dagster's run storage. So a base URL with user info is
refused (:func:`check_base_url`), user info is stripped from every URL before it is sent
(:func:`strip_userinfo`), and anything that shows a URL shows :func:`redact_url` of it.
Origins (:func:`origin_of`) compare scheme, host and port only, never user info, so the
server's own next-page link is recognised as the server's.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

from ketamine_faers.http.errors import InvalidURLError

_DEFAULT_PORTS = {"http": 80, "https": 443}
_SECRET_PARAMS = frozenset(
    {"api_key", "apikey", "key", "token", "access_token", "password", "secret"}
)
_HIDDEN = "***"


@dataclass(frozen=True)
class Origin:
    """RFC 6454's origin: scheme, host and port (default ports filled in)."""

    scheme: str
    host: str
    port: int

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"


def has_userinfo(url: str) -> bool:
    """Whether ``url`` carries ``user[:password]@`` before its host."""
    return "@" in _split(url).netloc


def origin_of(url: str) -> Origin:
    """The origin of ``url``, ignoring any user info. :class:`InvalidURLError` when it has no
    http(s) scheme, no host or a bad port."""
    parts = _split(url)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise InvalidURLError(f"{_shown(url)} is not an http or https address")
    host = (parts.hostname or "").lower()
    if not host:
        raise InvalidURLError(f"{_shown(url)} has no host")
    try:
        port = parts.port
    except ValueError:
        raise InvalidURLError(f"{_shown(url)} has an invalid port") from None
    if port == 0:
        raise InvalidURLError(f"{_shown(url)} has an invalid port")
    return Origin(scheme, host, port or _DEFAULT_PORTS[scheme])


def check_base_url(url: str) -> str:
    """``url`` without a trailing slash if it can serve as a client's base address: http or
    https, a host, a valid port, no user info, no query or fragment. Otherwise
    :class:`InvalidURLError` whose message says which, in a few words."""
    text = url.strip()
    if "://" not in text:
        raise InvalidURLError(f"{_shown(text)} has no scheme (it must start with https://)")
    parts = _split(text)
    if parts.scheme.lower() not in _DEFAULT_PORTS:
        raise InvalidURLError(
            f"{_shown(text)} uses the scheme {parts.scheme!r}; only http and https are supported"
        )
    if "@" in parts.netloc:
        raise InvalidURLError(
            f"{_shown(text)} carries user info (a user name or password) in the address"
        )
    origin_of(text)
    if parts.query or parts.fragment:
        raise InvalidURLError(f"{_shown(text)} has a query or fragment; give the address only")
    return text.rstrip("/")


def strip_userinfo(url: str) -> str:
    """``url`` without any ``user:password@``: what a URL may carry when it is sent."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def redact_url(url: str) -> str:
    """``url`` safe to print, log or store: user info becomes ``***@`` and the value of any
    key-like query parameter (``api_key``, ``token``, ...) ``***``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unreadable URL>"
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{_HIDDEN}@{netloc.rpartition('@')[2]}"
    query = parts.query
    pairs = parse_qsl(query, keep_blank_values=True)
    if any(name.lower() in _SECRET_PARAMS for name, _ in pairs):
        query = urlencode(
            [(n, _HIDDEN if n.lower() in _SECRET_PARAMS else v) for n, v in pairs], safe="*"
        )
    text = urlunsplit(parts._replace(netloc=netloc, query=query))
    return "".join(c if c.isprintable() else "?" for c in text)


def request_key(url: str) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """What identifies a request regardless of how its query was percent-encoded or ordered,
    for noticing that a link leads back to an address already fetched."""
    try:
        parts = urlsplit(strip_userinfo(url))
        origin = str(origin_of(url))
    except (InvalidURLError, ValueError):
        return url, "", ()
    pairs = tuple(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return origin, parts.path or "/", pairs


def _split(url: str) -> SplitResult:
    try:
        return urlsplit(url)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        raise InvalidURLError(f"{_shown(url)} cannot be read as a URL") from None


def _shown(url: str) -> str:
    return f"the URL {redact_url(url)!s}"
