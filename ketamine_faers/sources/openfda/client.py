"""A small, careful client for openFDA's drug/event endpoint.

Why hand-written paging and retries instead of urllib3's ``Retry``: openFDA's failures are not
all HTTP statuses. A body can arrive truncated (valid status, broken JSON), a followed ``Link``
can answer 404 at the end of an exactly-full last page, and the key must stay out of every URL,
including the ``Link`` addresses the server hands back. So one loop owns all of that:

* the key travels only as the Basic-auth user name (openFDA's documented alternative to
  ``api_key=``), so it is never part of a URL, a log line, an exception or stored metadata;
* pages are fetched 1,000 at a time and followed through the ``Link`` header (``search_after``),
  because ``skip`` is refused above 25,000;
* 429, 5xx, connection errors, timeouts and unreadable bodies are retried with exponential
  back-off and full jitter, honouring ``Retry-After``;
* a client-side limiter keeps under openFDA's published limits (240 requests a minute; 1,000 a
  day without a key, 120,000 with one);
* paging stops (:class:`OpenFDAError`) on a link back to an address already fetched, an
  empty page that still links on, or more records than announced.

Requests go through :class:`ketamine_faers.http.GuardedSession`: whole-request deadline,
decompressed-body cap, same-origin redirects only, no user info in URLs, JSON decoded once.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from ketamine_faers.http import (
    DEFAULT_DEADLINE_SECONDS,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_MAX_REDIRECTS,
    BodyTooLargeError,
    DeadlineExceededError,
    GuardedResponse,
    GuardedSession,
    InvalidURLError,
    OffOriginError,
    TransportError,
    redact_url,
    request_key,
)
from ketamine_faers.http.retry_after import retry_after_seconds
from ketamine_faers.vocabulary import SEARCH_NAMES

log = logging.getLogger(__name__)

EVENT_PATH = "/drug/event.json"
PAGE_LIMIT = 1000
REQUESTS_PER_MINUTE = 200  # openFDA allows 240; stay well under, bursts get 429 (issue #111)
DAILY_LIMIT_WITHOUT_KEY = 1_000
DAILY_LIMIT_WITH_KEY = 120_000
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

# Where ketamine and esketamine can be named on a drug entry. Many entries have no `openfda`
# block, so the free-text fields matter as much as the harmonised ones. Terms are analysed
# tokens: `ketamine` does not match `esketamine`, so each name is listed (vocabulary.py).
PRODUCT_FIELDS = (
    "patient.drug.openfda.generic_name",
    "patient.drug.openfda.substance_name",
    "patient.drug.openfda.brand_name",
    "patient.drug.medicinalproduct",
    "patient.drug.activesubstance.activesubstancename",
)


class OpenFDAError(RuntimeError):
    """openFDA answered in a way that retrying will not fix (e.g. a 400 for a bad query)."""


class OpenFDAUnavailableError(OpenFDAError):
    """openFDA could not be reached or kept failing after every retry."""


class OpenFDADailyLimitError(OpenFDAError):
    """Sending one more request would pass openFDA's daily request limit."""


class OpenFDAConfigError(OpenFDAError, ValueError):
    """The client was given an unusable or unsafe base address (the message is one line)."""


def product_search(start: date, end: date) -> str:
    """The search for every report naming ketamine or esketamine received in [start, end]."""
    names = " OR ".join(SEARCH_NAMES)
    fields = " OR ".join(f"{name}:({names})" for name in PRODUCT_FIELDS)
    return f"({fields}) AND {receivedate_range(start, end)}"


def receivedate_range(start: date, end: date) -> str:
    return f"receivedate:[{start:%Y%m%d} TO {end:%Y%m%d}]"


@dataclass
class ClientStats:
    """What the client did, for materialization metadata. Holds no URL and no key."""

    requests: int = 0
    retries: int = 0
    faults: dict[str, int] = field(default_factory=dict)

    def note_fault(self, kind: str) -> None:
        self.faults[kind] = self.faults.get(kind, 0) + 1


@dataclass(frozen=True)
class Reply:
    """A 200 whose body parsed as a JSON object, or a 404 (``payload`` then ``{}``)."""

    status: int
    text: str
    payload: dict
    response: GuardedResponse


@dataclass(frozen=True)
class Page:
    """One page of search results: the raw body is kept so the landing can store it as sent."""

    body: str
    records: list[dict]
    total: int
    skip: int
    last_updated: str | None
    synthetic: bool


class RateLimiter:
    """Spaces requests evenly (no bursts) and counts them per UTC day. Thread-safe, so one
    limiter can be shared by every client of a process."""

    def __init__(
        self,
        per_minute: float,
        per_day: int | None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = 60.0 / per_minute if per_minute > 0 else 0.0
        self.per_day = per_day
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next_slot = 0.0
        self._day = datetime.now(UTC).date()
        self._today = 0

    def acquire(self) -> None:
        with self._lock:
            today = datetime.now(UTC).date()
            if today != self._day:
                self._day, self._today = today, 0
            if self.per_day is not None and self._today >= self.per_day:
                raise OpenFDADailyLimitError(
                    f"stopping before openFDA's daily limit of {self.per_day} requests; "
                    "set OPENFDA_API_KEY to raise it to 120,000, or resume tomorrow"
                )
            self._today += 1
            now = self._clock()
            wait = self._next_slot - now
            self._next_slot = max(now, self._next_slot) + self.interval
        if wait > 0:
            self._sleep(wait)


class OpenFDAClient:
    """Reads openFDA's drug/event endpoint. Never logs or stores the API key."""

    def __init__(
        self,
        base_url: str,
        api_key: str | None = None,
        *,
        timeout: float = 60.0,
        deadline: float = DEFAULT_DEADLINE_SECONDS,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        max_redirects: int = DEFAULT_MAX_REDIRECTS,
        max_attempts: int = 8,
        backoff_base: float = 1.0,
        backoff_cap: float = 60.0,
        requests_per_minute: float = REQUESTS_PER_MINUTE,
        daily_limit: int | None = None,  # default: openFDA's cap; none when unthrottled
        limiter: RateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        try:
            self._http = GuardedSession(
                base_url,
                timeout=timeout,
                deadline=deadline,
                max_body_bytes=max_body_bytes,
                max_redirects=max_redirects,
                user_agent="ketamine-faers (+openFDA drug/event client)",
            )
        except InvalidURLError as exc:
            raise OpenFDAConfigError(
                f"unusable openFDA base address: {exc}; set OPENFDA_BASE_URL to an address "
                "such as https://api.fda.gov and put the openFDA key in OPENFDA_API_KEY"
            ) from None
        self.base_url = self._http.base_url
        self.timeout = timeout
        self.deadline = deadline
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self._sleep = sleep
        if daily_limit is None and requests_per_minute > 0:
            daily_limit = DAILY_LIMIT_WITH_KEY if api_key else DAILY_LIMIT_WITHOUT_KEY
        self.limiter = limiter or RateLimiter(requests_per_minute, daily_limit, sleep=sleep)
        self.stats = ClientStats()
        self._auth = (api_key, "") if api_key else None

    def __repr__(self) -> str:  # the key is deliberately absent
        return f"OpenFDAClient(base_url={self.base_url!r})"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> OpenFDAClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public queries -------------------------------------------------------------------

    def iter_pages(self, search: str, *, limit: int = PAGE_LIMIT) -> Generator[Page]:
        """Every page of a search, following ``Link`` (search_after) until openFDA stops.

        A 404 on the first request is an empty result; a 404 on a followed link is the end
        (openFDA sends a link after an exactly-full last page whose target has no matches).
        """
        url: str | None = self.base_url + EVENT_PATH
        params: dict[str, str] | None = {"search": search, "limit": str(limit)}
        guard = _PagingGuard()
        first = True
        while url:
            guard.before(url if params is None else None)
            reply = self._get(url, params)
            if reply.status == 404:
                return
            page = _page_from(reply)
            guard.after(reply.response.url, page)
            yield page
            url = reply.response.next_link
            params = None
            if first and not page.records:
                return
            if url and not page.records:
                raise OpenFDAError(
                    "openFDA answered a page with no records that still links to a next "
                    "page; stopping instead of paging on without end"
                )
            first = False

    def total(self, search: str) -> int:
        """``meta.results.total`` for a search, at the price of one request (``limit=0``)."""
        reply = self._get(self.base_url + EVENT_PATH, {"search": search, "limit": "0"})
        if reply.status == 404:
            return 0
        return int(reply.payload["meta"]["results"]["total"])

    def count(self, search: str | None, field: str, *, limit: int = 1000) -> list[tuple[str, int]]:
        """A ``count=`` aggregation: (term, count) pairs, or (YYYYMMDD, count) for dates."""
        params = {"count": field, "limit": str(limit)}
        if search:
            params["search"] = search
        reply = self._get(self.base_url + EVENT_PATH, params)
        if reply.status == 404:
            return []
        rows = reply.payload.get("results") or []
        return [(str(r.get("term", r.get("time"))), int(r["count"])) for r in rows]

    def last_updated(self) -> str | None:
        """openFDA's ``meta.last_updated``: one cheap request, used to notice new data."""
        reply = self._get(self.base_url + EVENT_PATH, {"limit": "1"})
        if reply.status == 404:
            return None
        return reply.payload.get("meta", {}).get("last_updated")

    # -- transport ------------------------------------------------------------------------

    def _get(self, url: str, params: dict[str, str] | None) -> Reply:
        """GET with retries. Returns a 200 whose JSON body parsed, or a 404; raises otherwise."""
        try:
            self._http.check_target(url)
        except OffOriginError as exc:
            raise OpenFDAError(
                f"openFDA's next-page link leaves {self._http.origin}: {exc}; refusing to "
                "follow it with this client's credentials"
            ) from None
        problem = "no attempt made"
        for attempt in range(1, self.max_attempts + 1):
            self.limiter.acquire()
            self.stats.requests += 1
            retry_after: float | None = None
            try:
                response = self._http.fetch(url, params, self._auth)
                status = response.status
                if status == 200:
                    text = response.json_text()
                    return Reply(status, text, _json_object(text), response)
                if status == 404:
                    return Reply(status, "", {}, response)
                if status not in RETRY_STATUSES:
                    raise OpenFDAError(
                        f"openFDA refused the request with HTTP {status}: "
                        f"{_error_message(response)}"
                    )
                problem = f"HTTP {status}: {_error_message(response)}"
                self.stats.note_fault(str(status))
                retry_after = retry_after_seconds(response.headers.get("Retry-After"))
            except (OffOriginError, BodyTooLargeError) as exc:
                self.stats.note_fault(type(exc).__name__)
                raise OpenFDAError(f"openFDA's answer was refused: {exc}") from None
            except DeadlineExceededError as exc:
                problem = str(exc)
                self.stats.note_fault("deadline")
            except TransportError as exc:
                problem = str(exc)
                self.stats.note_fault(exc.kind)
            except ValueError:
                problem = "the body was not complete JSON"
                self.stats.note_fault("bad_json")
            if attempt == self.max_attempts:
                break
            delay = self._backoff(attempt, retry_after)
            self.stats.retries += 1
            log.warning(
                "openFDA request failed (%s); retry %d of %d in %.1f s",
                problem,
                attempt,
                self.max_attempts - 1,
                delay,
            )
            self._sleep(delay)
        raise OpenFDAUnavailableError(
            f"openFDA could not be read at {redact_url(self.base_url)} after "
            f"{self.max_attempts} attempts (last problem: {problem}). Check the network and "
            "OPENFDA_BASE_URL, try again later, or run `ketamine-faers demo` to use the "
            "bundled sample."
        )

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        """Full-jitter exponential back-off; a server's Retry-After is a floor, not a hint."""
        ceiling = min(self.backoff_cap, self.backoff_base * 2 ** (attempt - 1))
        delay = random.uniform(0, ceiling)
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.backoff_cap * 5))
        return delay


class _PagingGuard:
    """Stops paging the server would otherwise make endless: a link to an address already
    fetched, or more records than the largest total openFDA announced on any page."""

    def __init__(self) -> None:
        self._seen: set[tuple[str, str, tuple[tuple[str, str], ...]]] = set()
        self._records = 0
        self._announced = 0

    def before(self, link: str | None) -> None:
        if link is not None and request_key(link) in self._seen:
            raise OpenFDAError(
                f"openFDA's next-page link leads back to an address already fetched "
                f"({redact_url(link)}); stopping instead of paging in a loop"
            )

    def after(self, answered: str, page: Page) -> None:
        self._seen.add(request_key(answered))
        self._records += len(page.records)
        self._announced = max(self._announced, page.total)
        if self._records > self._announced:
            raise OpenFDAError(
                f"openFDA sent more records than the total it announced ({self._records} "
                f"received, {self._announced} announced); stopping"
            )


def _json_object(text: str) -> dict:
    """The parsed body. ValueError if it is broken or not a JSON object."""
    parsed = json.loads(text)
    if not isinstance(parsed, dict):
        raise ValueError("openFDA body is not a JSON object")
    return parsed


def _page_from(reply: Reply) -> Page:
    payload = reply.payload
    meta = payload.get("meta") or {}
    results_meta = meta.get("results") or {}
    records = payload.get("results") or []
    return Page(
        body=reply.text,
        records=records,
        total=int(results_meta.get("total", len(records))),
        skip=int(results_meta.get("skip", 0)),
        last_updated=meta.get("last_updated"),
        synthetic=reply.response.headers.get("X-Sample-Corpus", "").lower() == "synthetic",
    )


def _error_message(response: GuardedResponse) -> str:
    try:
        error = json.loads(response.json_text()).get("error", {})
        message = error.get("message") or "no message"
        details = error.get("details")
        return f"{message} ({details})" if details else str(message)
    except (ValueError, AttributeError):
        return "unreadable error body"
