"""The openFDA client against the real local openFDA service, over HTTP on 127.0.0.1."""

from __future__ import annotations

import re
import socket
from collections import Counter
from datetime import date

import pytest

from ketamine_faers.quarters import quarter_bounds
from ketamine_faers.sources.openfda.client import (
    OpenFDAClient,
    OpenFDAConfigError,
    OpenFDADailyLimitError,
    OpenFDAError,
    OpenFDAUnavailableError,
    RateLimiter,
    product_search,
)
from ketamine_faers.vocabulary import SEARCH_NAMES
from standins.openfda import LocalOpenFDA

SECRET = "SECRET-KEY-do-not-leak-8f3a"


def _record(n: int, day: str = "20230115", product: str = "KETAMINE") -> dict:
    return {
        "safetyreportid": str(30_000_000 + n),
        "receivedate": day,
        "receivedateformat": "102",
        "patient": {
            "drug": [{"medicinalproduct": product, "drugcharacterization": "1"}],
            "reaction": [{"reactionmeddrapt": "Dissociation"}],
        },
    }


def _client(service: LocalOpenFDA, **kwargs) -> OpenFDAClient:
    options = {"requests_per_minute": 0, "backoff_base": 0.01, "max_attempts": 5}
    options.update(kwargs)
    return OpenFDAClient(service.url, **options)


def _fetch_ids(client: OpenFDAClient, quarter: str) -> list[str]:
    start, end = quarter_bounds(quarter)
    return [
        record.get("safetyreportid")
        for page in client.iter_pages(product_search(start, end))
        for record in page.records
    ]


@pytest.fixture(scope="module")
def small_service():
    records = [_record(n) for n in range(2_500)]
    records += [_record(10_000 + n, product="ESKETAMINE") for n in range(30)]
    records += [_record(20_000 + n, product="KETOROLAC") for n in range(40)]
    with LocalOpenFDA(records) as service:
        yield service


def test_search_after_fetches_every_record_once_past_the_skip_cap(sample_service, sample_records):
    start, end = quarter_bounds("2023Q1")
    expected = _ids_matching_quarter(sample_records, start, end)
    assert len(expected) > 25_000, "the sample must hold a quarter beyond openFDA's skip cap"
    with _client(sample_service) as client:
        ids = _fetch_ids(client, "2023Q1")
        requests = client.stats.requests
    assert Counter(ids) == Counter(expected)
    # one request per 1,000 records, plus at most one for the quirky 404 after a full last page
    assert requests <= len(expected) // 1000 + 2


def test_search_finds_both_products_and_never_look_alikes(small_service):
    with _client(small_service) as client:
        ids = _fetch_ids(client, "2023Q1")
    assert len(ids) == 2_530
    assert not any(i.startswith("3002") for i in ids)  # KETOROLAC ids 30020000..


def test_empty_quarter_is_not_an_error(small_service):
    with _client(small_service) as client:
        assert _fetch_ids(client, "2010Q2") == []
        assert client.total(product_search(date(2010, 4, 1), date(2010, 6, 30))) == 0


def test_total_and_count_queries(small_service):
    with _client(small_service) as client:
        search = product_search(date(2023, 1, 1), date(2023, 3, 31))
        assert client.total(search) == 2_530
        counts = dict(client.count(search, "patient.reaction.reactionmeddrapt.exact"))
        assert counts == {"Dissociation": 2_530}


@pytest.mark.parametrize(
    "kind,options",
    [
        ("429", {}),
        ("429", {"retry_after": 1}),
        ("500", {}),
        ("502", {}),
        ("503", {}),
        ("drop", {}),
        ("truncate", {}),
        ("slow", {"delay": 3.0}),
    ],
)
def test_client_recovers_from_injected_fault_with_nothing_lost(kind, options):
    records = [_record(n) for n in range(2_100)]
    with LocalOpenFDA(records) as service:
        service.faults.inject(kind, times=2, **options)
        # a short timeout only where the fault is a slow answer: elsewhere a busy machine
        # could turn a normal answer into an extra, unplanned retry
        # (1 s: a loaded 2-core machine once took over 0.5 s for a normal answer)
        timeout = 1.0 if kind == "slow" else 10.0
        with _client(service, timeout=timeout) as client:
            ids = _fetch_ids(client, "2023Q1")
            retries = client.stats.retries
        assert service.faults.fired.get(kind, 0) == 2
    assert Counter(ids) == Counter(r["safetyreportid"] for r in records)
    assert retries == 2


def test_retry_after_is_honoured():
    slept: list[float] = []
    with LocalOpenFDA([_record(1)]) as service:
        service.faults.inject("429", times=1, retry_after=7)
        client = OpenFDAClient(
            service.url, requests_per_minute=0, backoff_base=0.01, sleep=slept.append
        )
        assert _fetch_ids(client, "2023Q1") == ["30000001"]
    assert slept and slept[0] >= 7


def test_unreachable_api_gives_an_actionable_error():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again when the block ends: nothing listens
    client = OpenFDAClient(
        f"http://127.0.0.1:{port}", requests_per_minute=0, backoff_base=0.01, max_attempts=3
    )
    with pytest.raises(OpenFDAUnavailableError) as error:
        client.total("receivedate:[20230101 TO 20230331]")
    message = str(error.value)
    assert f"127.0.0.1:{port}" in message
    assert "OPENFDA_BASE_URL" in message and "ketamine-faers demo" in message
    assert client.stats.requests == 3


def test_persistent_failure_gives_up_after_the_configured_attempts():
    with LocalOpenFDA([_record(1)]) as service:
        service.faults.inject("503", times=10)
        with _client(service, max_attempts=3) as client, pytest.raises(OpenFDAUnavailableError):
            client.total("receivedate:[20230101 TO 20230331]")
        assert service.faults.fired["503"] == 3


def test_a_bad_query_is_not_retried(small_service):
    with _client(small_service) as client, pytest.raises(OpenFDAError, match="HTTP 500|HTTP 400"):
        client.total("receivedate:[20230101 TO 20230331")
    # a broken query answers 500 like openFDA; it is retried, then reported with its details


def test_api_key_is_sent_but_never_in_a_url(small_service):
    before = len(small_service.requests)
    with _client(small_service, api_key=SECRET) as client:
        assert len(_fetch_ids(client, "2023Q1")) == 2_530
        assert SECRET not in repr(client)
    served = small_service.requests[before:]
    assert served
    assert all(SECRET not in repr(request) for request in served)


def test_rate_limiter_spaces_requests_evenly():
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(240, None, clock=lambda: now[0], sleep=sleep)
    for _ in range(5):
        limiter.acquire()
    assert now[0] == pytest.approx(4 * 0.25)


def test_daily_limit_stops_before_openfda_would_refuse():
    limiter = RateLimiter(0, 3)
    for _ in range(3):
        limiter.acquire()
    with pytest.raises(OpenFDADailyLimitError, match="OPENFDA_API_KEY"):
        limiter.acquire()


def test_keyless_client_keeps_under_the_keyless_daily_limit():
    assert OpenFDAClient("http://127.0.0.1:9").limiter.per_day == 1_000
    assert OpenFDAClient("http://127.0.0.1:9", api_key=SECRET).limiter.per_day == 120_000


def _ids_matching_quarter(records: list[dict], start: date, end: date) -> list[str]:
    """Ids the service should return: records received in the window naming a product."""
    low, high = f"{start:%Y%m%d}", f"{end:%Y%m%d}"
    return [
        r.get("safetyreportid")
        for r in records
        if low <= str(r.get("receivedate", "")) <= high and _names_a_product(r)
    ]


def _names_a_product(record: dict) -> bool:
    """An oracle written independently of the service: the searched fields, by word."""
    drugs = (record.get("patient") or {}).get("drug") or []
    drugs = drugs if isinstance(drugs, list) else [drugs]
    names: list[str] = []
    for drug in drugs:
        if not isinstance(drug, dict):
            continue
        openfda = drug.get("openfda") or {}
        substance = drug.get("activesubstance") or {}
        names += [
            str(drug.get("medicinalproduct", "")),
            str(substance.get("activesubstancename", "")),
        ]
        for key in ("generic_name", "substance_name", "brand_name"):
            names += [str(v) for v in openfda.get(key, [])]
    words = set(re.findall(r"[a-z0-9]+", " ".join(names).lower()))
    return bool(words & set(SEARCH_NAMES))


@pytest.mark.parametrize(
    "url", ["127.0.0.1:8080", "file:///tmp/openfda", "http://127.0.0.1:99999", "http://"]
)
def test_an_unusable_base_url_fails_at_once_not_after_eight_attempts(url):
    with pytest.raises(OpenFDAConfigError, match="OPENFDA_BASE_URL") as error:
        OpenFDAClient(url, requests_per_minute=0)
    assert "\n" not in str(error.value)


def test_a_trickle_is_cut_by_the_deadline_and_retried_like_a_timeout():
    records = [_record(n) for n in range(1_200)]
    with LocalOpenFDA(records) as service:
        service.faults.inject("trickle", times=2, delay=0.2, size=20)
        with _client(service, deadline=0.5, timeout=5.0) as client:
            ids = _fetch_ids(client, "2023Q1")
            faults, retries = dict(client.stats.faults), client.stats.retries
    assert Counter(ids) == Counter(r["safetyreportid"] for r in records)
    assert faults == {"deadline": 2} and retries == 2
