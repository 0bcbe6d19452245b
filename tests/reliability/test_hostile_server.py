"""Reliability: a hostile server (issue 16, items 4, 5, 6, 8). The real client against the
local openFDA service's hostile modes over HTTP on 127.0.0.1: the server must not decide how
long a run takes, how much memory it uses, what text is stored or which host is trusted."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from ketamine_faers.quarters import quarter_bounds
from ketamine_faers.sources.openfda.client import (
    OpenFDAClient,
    OpenFDAError,
    product_search,
)
from ketamine_faers.sources.openfda.landing import land_quarter, refresh_quarter
from ketamine_faers.warehouse import connect_raw
from standins.openfda import LocalOpenFDA
from tests.support.reliability_helpers import record_figures

pytestmark = pytest.mark.reliability

QUARTER = "2023Q1"
SEARCH = product_search(*quarter_bounds(QUARTER))
TERM = "DÉPRESSION ÄNGSTLICH 抑郁 \U0001f635"  # Latin-1 range, CJK and beyond the BMP


def _record(n: int, term: str = "Dissociation") -> dict:
    return {
        "safetyreportid": str(50_000_000 + n),
        "receivedate": "20230115",
        "patient": {
            "drug": [{"medicinalproduct": "KETAMINE", "drugcharacterization": "1"}],
            "reaction": [{"reactionmeddrapt": term}],
        },
    }


RECORDS = [_record(n) for n in range(2_100)]


def _client(service: LocalOpenFDA, **kwargs: Any) -> OpenFDAClient:
    options: dict[str, Any] = {
        "requests_per_minute": 0,
        "backoff_base": 0.01,
        "max_attempts": 3,
        "timeout": 5.0,
    }
    options.update(kwargs)
    return OpenFDAClient(service.url, **options)


def _page_through(client: OpenFDAClient, most: int = 20) -> int:
    """Records of every page; fails (instead of looping forever) past ``most`` pages."""
    records = pages = 0
    for page in client.iter_pages(SEARCH):
        pages += 1
        records += len(page.records)
        assert pages <= most, f"still paging after {most} pages"
    return records


# -- item 5: the server decides neither how long paging goes on nor how much is read ------


def test_a_link_back_to_the_same_page_stops_paging():
    with LocalOpenFDA(RECORDS) as service, _client(service) as client:
        service.faults.inject("link_loop", times=1_000)
        with pytest.raises(OpenFDAError, match="already fetched"):
            _page_through(client)
        sent = len(service.requests)
    assert sent == 1
    record_figures("hostile_link_loop", requests_before_stopping=sent)


def test_empty_pages_that_keep_linking_stop_paging():
    with LocalOpenFDA(RECORDS) as service, _client(service) as client:
        # the first page is real; every followed link answers an empty page with a new link
        service.faults.inject("empty_pages_with_link", times=1_000, match="search_after")
        with pytest.raises(OpenFDAError, match="no records"):
            _page_through(client)
        sent = len(service.requests)
    assert sent == 2
    record_figures("hostile_empty_pages_with_link", requests_before_stopping=sent)


def test_more_records_than_the_announced_total_stop_paging():
    with LocalOpenFDA(RECORDS) as service, _client(service) as client:
        service.faults.inject("too_many_records", times=1_000, size=500)
        with pytest.raises(OpenFDAError, match="more records than"):
            _page_through(client)
        sent = len(service.requests)
    assert sent == 1
    record_figures("hostile_too_many_records", requests_before_stopping=sent)


def test_a_trickled_body_ends_at_the_whole_request_deadline():
    """20 pieces 0.25 s apart: every read is fed well within the 5 s read timeout, so only
    a deadline on the whole request (1 s here) ends the first attempt; the retry succeeds."""
    with LocalOpenFDA(RECORDS) as service, _client(service, deadline=1.0) as client:
        service.faults.inject("trickle", times=1, delay=0.25, size=20)
        started = time.monotonic()
        records = _page_through(client)
        seconds = time.monotonic() - started
        faults = dict(client.stats.faults)
    assert records == len(RECORDS)
    assert faults.get("deadline") == 1
    assert seconds < 3.5, f"the trickle held the client {seconds:.1f} s"
    record_figures("hostile_trickle", seconds_with_one_deadline=round(seconds, 2), deadline=1.0)


def test_a_gzip_bomb_is_refused_at_the_decompressed_body_cap():
    cap = 1 << 20
    with LocalOpenFDA(RECORDS) as service, _client(service, max_body_bytes=cap) as client:
        service.faults.inject("gzip_bomb", times=1, size=64 << 20)
        tracemalloc.start()
        try:
            with pytest.raises(OpenFDAError, match="larger than"):
                _page_through(client)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        sent = len(service.requests)
    assert sent == 1, "a body over the cap is refused, not fetched again"
    assert peak < 4 * cap, f"held {peak:,} bytes"
    record_figures("hostile_gzip_bomb", inflates_to=64 << 20, cap=cap, peak_bytes_traced=peak)


# -- item 6: decode once, by JSON's rules, and store what was validated -------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_a_body_in_any_json_encoding_is_stored_as_the_text_sent(tmp_path: Path, encoding: str):
    records = [_record(n, TERM) for n in range(3)]
    with LocalOpenFDA(records) as service, _client(service) as client:
        service.faults.inject("charset", times=1_000, encoding=encoding)
        with connect_raw(tmp_path / "raw.duckdb") as con:
            result = land_quarter(client, con, QUARTER)
            stored = con.execute(
                "select record -> 'patient' -> 'reaction' -> 0 ->> 'reactionmeddrapt' "
                "from raw_records order by record_seq"
            ).fetchall()
        assert service.faults.fired["charset"] >= 1
    assert result.records == 3
    assert stored == [(TERM,)] * 3


# -- item 8: redirects stay on the configured origin -------------------------------------


def test_a_redirect_to_another_origin_is_refused():
    with LocalOpenFDA(RECORDS) as service, _client(service) as client:
        service.faults.inject("redirect_off_origin", times=1)
        with pytest.raises(OpenFDAError, match="another origin"):
            client.total(SEARCH)
        sent = len(service.requests)
    assert sent == 1, "the redirect target (localhost, same server) was requested"


def test_a_same_origin_redirect_is_followed_a_bounded_number_of_times():
    with LocalOpenFDA(RECORDS) as service, _client(service, max_redirects=3) as client:
        service.faults.inject("redirect_same_origin", times=1)
        assert client.total(SEARCH) == len(RECORDS)
        service.faults.clear()
        service.clear_requests()
        service.faults.inject("redirect_same_origin", times=1_000)
        with pytest.raises(OpenFDAError, match="redirect"):
            client.total(SEARCH)
        sent = len(service.requests)
    assert sent == 4  # the request and three redirects, then it stops


# -- item 4: credentials in the base URL --------------------------------------------------


def test_a_base_url_with_user_info_is_refused_without_echoing_it():
    with LocalOpenFDA(RECORDS) as service:
        url = service.url.replace("http://", "http://someone:hunter2-secret@")
        with pytest.raises(ValueError, match="OPENFDA_API_KEY") as error:
            OpenFDAClient(url, requests_per_minute=0)
        assert not service.requests
    assert "hunter2-secret" not in str(error.value)
    assert "someone" not in str(error.value)


# -- item 5: a short fetch never replaces a complete landing ------------------------------


def test_a_short_fetch_keeps_the_complete_stored_quarter(tmp_path: Path):
    with LocalOpenFDA(RECORDS) as service, _client(service) as client:
        with connect_raw(tmp_path / "raw.duckdb") as con:
            first = land_quarter(client, con, QUARTER)
            assert first.complete
            # the second page comes without its Link: paging ends at 2,000 of 2,100
            service.faults.inject("drop_link", times=1, match="search_after")
            again = refresh_quarter(client, con, QUARTER, force=True)
            stored = con.execute("select count(*) from raw_records").fetchone()
            fetch = con.execute("select records, api_total from raw_fetches").fetchone()
    assert stored == (len(RECORDS),)
    assert fetch == (len(RECORDS), len(RECORDS))
    assert again.landing is not None and again.landing.records == 2_000
    assert again.status == "kept"
    assert "short" in again.reason and "2000 of 2100" in again.reason
    assert again.records != again.api_total  # the asset lists it under quarters_disagreeing


def test_a_short_first_landing_is_kept_and_flagged(tmp_path: Path):
    with LocalOpenFDA(RECORDS) as service, _client(service) as client:
        service.faults.inject("drop_link", times=1, match="search_after")
        with connect_raw(tmp_path / "raw.duckdb") as con:
            result = refresh_quarter(client, con, QUARTER)
            stored = con.execute("select count(*) from raw_records").fetchone()
    assert stored == (2_000,)
    assert result.status == "landed"
    assert result.landing is not None and result.landing.shortfall == 100
    assert "short" in result.reason
