"""The local openFDA service over real HTTP on 127.0.0.1: answers, paging, errors, faults."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import requests

from standins.openfda import DISCLAIMER, LocalOpenFDA
from standins.openfda.corpus import document_ids
from standins.openfda.values import date_millis

KETAMINE_2020Q1 = "patient.drug.medicinalproduct:ketamine AND receivedate:[20200101 TO 20200331]"
ESKETAMINE_2021Q1 = (
    "patient.drug.medicinalproduct:esketamine AND receivedate:[2021-01-01 TO 2021-03-31]"
)
OVER_RATE_LIMIT = {
    "error": {
        "code": "OVER_RATE_LIMIT",
        "message": "You have exceeded your rate limit. Try again later or contact us at "
        "https://api.fda.gov:443/contact/ for assistance",
    }
}
NOT_FOUND = {"error": {"code": "NOT_FOUND", "message": "No matches found!"}}


def day_in(quarter_start: str, n: int, days: int = 90) -> str:
    start = date.fromisoformat(quarter_start)
    return (start + timedelta(days=n % days)).strftime("%Y%m%d")


def record(
    n: int,
    product: str,
    receivedate: str,
    reactions: tuple[str, ...] = ("Dissociation",),
    **top: Any,
) -> dict[str, Any]:
    return {
        "safetyreportid": str(10_000_000 + n),
        "receivedate": receivedate,
        "receivedateformat": "102",
        "serious": "1",
        "patient": {
            "reaction": [{"reactionmeddrapt": term} for term in reactions],
            "drug": [{"medicinalproduct": product, "drugcharacterization": "1"}],
        },
        **top,
    }


def build_corpus() -> list[dict[str, Any]]:
    """2,600 ketamine reports in 2020Q1, 2,000 esketamine in 2021Q1, ketorolac noise."""
    records = [record(n, "KETAMINE HCL", day_in("2020-01-01", n)) for n in range(2600)]
    records += [
        record(n, "ESKETAMINE", day_in("2021-01-01", n), ("Sedation", "Dissociation"))
        for n in range(2600, 4600)
    ]
    records += [record(n, "KETOROLAC", day_in("2020-01-01", n)) for n in range(4600, 5100)]
    return records


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, Any]]:
    return build_corpus()


@pytest.fixture(scope="module")
def api(corpus: list[dict[str, Any]]) -> Iterator[LocalOpenFDA]:
    """Shared read-only server; tests that change state use ``fresh_api``."""
    with LocalOpenFDA(corpus, last_updated="2026-11-20") as server:
        yield server


@pytest.fixture
def fresh_api() -> Iterator[LocalOpenFDA]:
    records = [record(n, "KETAMINE", day_in("2020-01-01", n)) for n in range(30)]
    with LocalOpenFDA(records) as server:
        yield server


def event_url(server: LocalOpenFDA) -> str:
    return f"{server.url}/drug/event.json"


def get(server: LocalOpenFDA, **params: Any) -> requests.Response:
    return requests.get(event_url(server), params=params, timeout=10)


def follow_links(session: requests.Session, url: str, params: Any) -> list[requests.Response]:
    """Request, then follow ``Link: rel="next"`` until a page has none or is not 200."""
    pages = [session.get(url, params=params, timeout=10)]
    while pages[-1].status_code == 200 and "next" in pages[-1].links:
        pages.append(session.get(pages[-1].links["next"]["url"], timeout=10))
    return pages


def ids_of(pages: list[requests.Response]) -> list[str]:
    return [
        hit["safetyreportid"]
        for page in pages
        if page.status_code == 200
        for hit in page.json()["results"]
    ]


# --- response shape ----------------------------------------------------------------------


def test_search_response_has_openfdas_meta_and_pretty_json(api: LocalOpenFDA) -> None:
    response = get(api, search=KETAMINE_2020Q1, limit=2)
    assert response.status_code == 200
    body = response.json()
    assert body["meta"] == {
        "disclaimer": DISCLAIMER,
        "terms": "https://open.fda.gov/terms/",
        "license": "https://open.fda.gov/license/",
        "last_updated": "2026-11-20",
        "results": {"skip": 0, "limit": 2, "total": 2600},
    }
    assert len(body["results"]) == 2
    assert response.text == json.dumps(body, indent=2, ensure_ascii=False)


def test_backend_headers_and_the_sample_marker(api: LocalOpenFDA) -> None:
    response = get(api, search=KETAMINE_2020Q1)
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response.headers["Cache-Control"] == "public, max-age=600"
    assert response.headers["Server"] == "open.fda.gov"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Sample-Corpus"] == "synthetic"


def test_real_corpora_are_not_marked_synthetic() -> None:
    with LocalOpenFDA([record(1, "KETAMINE", "20200101")], synthetic=False) as server:
        assert "X-Sample-Corpus" not in get(server).headers


def test_default_limit_is_one(api: LocalOpenFDA) -> None:
    body = get(api, search=KETAMINE_2020Q1).json()
    assert body["meta"]["results"]["limit"] == 1
    assert len(body["results"]) == 1


def test_internal_fields_are_never_returned() -> None:
    hidden = record(1, "KETAMINE", "20200101", **{"@checksum": "abc", "@timestamp": "x"})
    with LocalOpenFDA([hidden]) as server:
        result = get(server).json()["results"][0]
    assert result == record(1, "KETAMINE", "20200101")


def test_only_ketamine_reports_match_ketamine(api: LocalOpenFDA) -> None:
    body = get(api, search="patient.drug.medicinalproduct:ketamine", limit=0).json()
    assert body["meta"]["results"]["total"] == 2600  # not esketamine, not ketorolac


def test_limit_zero_returns_the_total_only(api: LocalOpenFDA) -> None:
    response = get(api, search=ESKETAMINE_2021Q1, limit=0)
    assert response.status_code == 200
    assert response.json()["results"] == []
    assert response.json()["meta"]["results"] == {"skip": 0, "limit": 0, "total": 2000}
    assert "Link" not in response.headers


def test_limit_zero_without_matches_is_404(api: LocalOpenFDA) -> None:
    response = get(api, search="patient.drug.medicinalproduct:aspirin", limit=0)
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_no_match_is_404_no_matches_found(api: LocalOpenFDA) -> None:
    response = get(api, search="patient.drug.medicinalproduct:aspirin")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert response.text == json.dumps(NOT_FOUND, indent=2)


def test_skip_past_the_end_is_404(api: LocalOpenFDA) -> None:
    response = get(api, search=ESKETAMINE_2021Q1, skip=2000, limit=10)
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_unknown_path_is_a_json_404(api: LocalOpenFDA) -> None:
    response = requests.get(f"{api.url}/drug/label.json", timeout=10)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"


# --- paging ---------------------------------------------------------------------------------


def test_search_after_fetches_every_record_once(api: LocalOpenFDA) -> None:
    with requests.Session() as session:
        pages = follow_links(session, event_url(api), {"search": KETAMINE_2020Q1, "limit": 1000})
    assert [len(page.json()["results"]) for page in pages] == [1000, 1000, 600]
    assert "Link" not in pages[-1].headers  # short last page: no next
    ids = ids_of(pages)
    assert len(ids) == len(set(ids)) == 2600


def test_full_last_page_still_links_to_a_404(api: LocalOpenFDA) -> None:
    with requests.Session() as session:
        pages = follow_links(session, event_url(api), {"search": ESKETAMINE_2021Q1, "limit": 1000})
    assert [page.status_code for page in pages] == [200, 200, 404]
    assert pages[-1].json() == NOT_FOUND
    assert len(set(ids_of(pages))) == 2000


def test_a_page_holding_every_hit_has_no_link(api: LocalOpenFDA) -> None:
    ketorolac = "patient.drug.medicinalproduct:ketorolac"  # 500 reports
    assert "Link" not in get(api, search=ketorolac, limit=500).headers
    assert "Link" in get(api, search=ketorolac, limit=499).headers


def test_sort_by_receivedate_orders_pages_and_link_carries_epoch_millis(
    api: LocalOpenFDA, corpus: list[dict[str, Any]]
) -> None:
    params = [
        ("api_key", "SECRET-KEY"),
        ("search", KETAMINE_2020Q1),
        ("limit", "3"),
        ("sort", "receivedate:desc"),
    ]
    response = requests.get(event_url(api), params=params, timeout=10)
    hits = response.json()["results"]
    assert [hit["receivedate"] for hit in hits] == ["20200330"] * 3
    ids = dict(zip((r["safetyreportid"] for r in corpus), document_ids(corpus), strict=True))
    search_after = f"0={date_millis('20200330')};1={ids[hits[-1]['safetyreportid']]}"
    assert response.headers["Link"] == (
        f"<http://127.0.0.1:{api.port}/drug/event.json?search={quote(KETAMINE_2020Q1, safe='')}"
        f"&limit=3&sort=receivedate%3Adesc&skip=0&search_after={quote(search_after, safe='')}>"
        '; rel="next"'
    )


def test_link_encodes_like_node_qs_and_never_carries_the_key(api: LocalOpenFDA) -> None:
    url = f"{event_url(api)}?api_key=SECRET-KEY&search={quote(KETAMINE_2020Q1)}&limit=5"
    link = requests.get(url, timeout=10).headers["Link"]
    assert "SECRET" not in link
    assert "+" not in link and "%20TO%20" in link and "%5B20200101" in link
    assert re.search(r"&limit=5&skip=0&search_after=0%3D[0-9a-f]{20}>", link)  # sort: _id only


def test_the_api_key_is_never_recorded(api: LocalOpenFDA) -> None:
    get(api, search=KETAMINE_2020Q1, api_key="SECRET-KEY")
    entry = api.requests[-1]
    assert entry.params == {"search": KETAMINE_2020Q1}
    assert "SECRET" not in repr(api.requests)


def test_basic_auth_key_is_accepted_and_not_recorded(api: LocalOpenFDA) -> None:
    token = base64.b64encode(b"SECRET-KEY:").decode()
    response = requests.get(
        event_url(api),
        params={"search": KETAMINE_2020Q1},
        headers={"Authorization": f"Basic {token}"},
        timeout=10,
    )
    assert response.status_code == 200
    assert "SECRET" not in repr(api.requests)


def test_skip_mode_links_to_the_next_skip(api: LocalOpenFDA) -> None:
    response = get(api, search=KETAMINE_2020Q1, skip=1000, limit=1000)
    link = response.links["next"]["url"]
    assert "skip=2000" in link and "search_after" not in link
    last = get(api, search=KETAMINE_2020Q1, skip=2000, limit=1000)
    assert len(last.json()["results"]) == 600
    assert "Link" not in last.headers


def test_skip_and_search_after_pages_agree(api: LocalOpenFDA) -> None:
    with requests.Session() as session:
        cursor_pages = follow_links(
            session, event_url(api), {"search": KETAMINE_2020Q1, "limit": 1000}
        )
        by_cursor = ids_of(cursor_pages)
        by_skip = ids_of(
            [get(api, search=KETAMINE_2020Q1, skip=skip, limit=1000) for skip in (0, 1000, 2000)]
        )
    assert by_cursor == by_skip


@pytest.fixture(scope="module")
def big_api() -> Iterator[LocalOpenFDA]:
    """26,001 tiny records: more than skip can reach."""
    records = [{"safetyreportid": str(n), "receivedate": "20200101"} for n in range(26_001)]
    with LocalOpenFDA(records) as server:
        yield server


def test_skip_stops_at_25000_but_search_after_goes_on(big_api: LocalOpenFDA) -> None:
    response = get(big_api, skip=25_000, limit=1000)
    assert response.status_code == 200
    beyond = requests.get(response.links["next"]["url"], timeout=10)
    assert beyond.status_code == 400
    assert beyond.json()["error"]["message"] == "Skip value must 25000 or less."
    with requests.Session() as session:
        pages = follow_links(session, event_url(big_api), {"limit": 1000})
    ids = ids_of(pages)
    assert len(ids) == len(set(ids)) == 26_001
    assert pages[-1].status_code == 200 and "Link" not in pages[-1].headers


def test_served_ids_count_what_went_out(big_api: LocalOpenFDA) -> None:
    big_api.clear_requests()
    get(big_api, limit=1000)
    served = big_api.served_ids()
    assert sum(served.values()) == 1000 and max(served.values()) == 1


# --- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"limit": "1001"},
            "Limit cannot exceed 1000 results for search requests. Use the skip or "
            "search_after param to get additional results.",
        ),
        ({"skip": "25001"}, "Skip value must 25000 or less."),
        ({"limit": "501k"}, "Invalid limit parameter value."),
        ({"skip": "-1"}, "Invalid skip parameter value."),
        ({"count": "receivedate", "skip": "5"}, "Should not use skip param when using count."),
        (
            {"count": "patient.reaction.reactionmeddrapt.exact", "limit": "1001"},
            "Limit cannot exceed 1000 results for count requests.",
        ),
        (
            {"search_after": "0=1", "skip": "5"},
            "The skip parameter is not supported when using search_after.",
        ),
        ({"serach": "x"}, "Invalid parameter: serach"),
        ({"<b>": "x"}, "Invalid parameter: &lt;b&gt;"),
        ({"search": "ketamine!"}, "Search not supported: ketamine!"),
        ({"search": 'a:"b\'s"!'}, "Search not supported: a:&quot;b&#39;s&quot;!"),
        ({"sort": "receivedate;asc"}, "Sort not supported: receivedate;asc"),
        (
            {"sort": "patient.reaction.reactionmeddrapt:asc"},
            "Sorting allowed by non-analyzed fields only: patient.reaction.reactionmeddrapt",
        ),
    ],
)
def test_bad_parameters_get_openfdas_400_messages(
    api: LocalOpenFDA, params: dict[str, str], message: str
) -> None:
    response = get(api, **params)
    assert response.status_code == 400
    assert response.json() == {"error": {"code": "BAD_REQUEST", "message": message}}


@pytest.mark.parametrize(
    "search",
    [
        "patient.drug.medicinalproduct:(ketamine",
        "receivedate:[20200101 TO 20201231",
        'patient.drug.medicinalproduct:"ketamine',
    ],
)
def test_broken_query_syntax_is_a_500_with_details(api: LocalOpenFDA, search: str) -> None:
    response = get(api, search=search)
    assert response.status_code == 500
    error = response.json()["error"]
    assert (error["code"], error["message"]) == ("SERVER_ERROR", "Check your request and try again")
    assert isinstance(error["details"], str) and error["details"]


def test_a_plus_sent_as_percent_2b_breaks_the_range(api: LocalOpenFDA) -> None:
    url = f"{event_url(api)}?search=receivedate:%5B20200101%2BTO%2B20201231%5D"
    assert requests.get(url, timeout=10).status_code == 500
    url = f"{event_url(api)}?search=receivedate:%5B20200101+TO+20201231%5D"
    assert requests.get(url, timeout=10).status_code == 200


def test_search_after_with_the_wrong_arity_is_a_500(api: LocalOpenFDA) -> None:
    response = get(api, search=KETAMINE_2020Q1, search_after="0=1;1=a;2=b")
    assert response.status_code == 500
    assert "search_after has 3 value(s) but sort has 1." in response.json()["error"]["details"]


# --- counts --------------------------------------------------------------------------------


def test_count_exact_terms_by_descending_count() -> None:
    records = [
        record(1, "KETAMINE", "20200101", ("Dissociation", "Nausea")),
        record(2, "KETAMINE", "20200102", ("Dissociation", "Dissociation")),  # counts once
        record(3, "KETAMINE", "20200102", ("Nausea", "Blood pressure increased")),
        record(4, "KETAMINE", "20200103", ("Sedation",)),
    ]
    with LocalOpenFDA(records) as server:
        response = get(server, count="patient.reaction.reactionmeddrapt.exact", limit=3)
        body = response.json()
        assert body["results"] == [
            {"term": "Dissociation", "count": 2},
            {"term": "Nausea", "count": 2},
            {"term": "Blood pressure increased", "count": 1},
        ]
        assert "results" not in body["meta"] and "Link" not in response.headers
        histogram = get(server, count="receivedate", limit=1).json()["results"]
        assert histogram == [
            {"time": "20200101", "count": 1},
            {"time": "20200102", "count": 2},
            {"time": "20200103", "count": 1},
        ]


def test_count_respects_the_search(api: LocalOpenFDA) -> None:
    body = get(api, search=ESKETAMINE_2021Q1, count="patient.drug.medicinalproduct.exact").json()
    assert body["results"] == [{"term": "ESKETAMINE", "count": 2000}]


def test_count_of_a_text_field_without_exact_is_a_500(api: LocalOpenFDA) -> None:
    response = get(api, count="patient.reaction.reactionmeddrapt")
    assert response.status_code == 500
    assert "Text fields are not optimised" in response.json()["error"]["details"]


def test_count_with_nothing_to_count_is_404(api: LocalOpenFDA) -> None:
    response = get(api, count="companynumb.exact")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "NOT_FOUND", "message": "Nothing to count"}}
    response = get(api, search="patient.drug.medicinalproduct:aspirin", count="receivedate")
    assert response.json() == NOT_FOUND


# --- state changes --------------------------------------------------------------------------


def test_replace_records_changes_the_total_between_requests(fresh_api: LocalOpenFDA) -> None:
    assert get(fresh_api, limit=0).json()["meta"]["results"]["total"] == 30
    fresh_api.replace_records([record(n, "KETAMINE", "20200101") for n in range(7)])
    assert get(fresh_api, limit=0).json()["meta"]["results"]["total"] == 7


def test_replace_records_renews_what_searches_and_counts_read(fresh_api: LocalOpenFDA) -> None:
    search = "patient.reaction.reactionmeddrapt.exact:Nausea"
    field = "patient.reaction.reactionmeddrapt.exact"
    assert get(fresh_api, search=search, limit=0).status_code == 404
    assert get(fresh_api, count=field).json()["results"] == [{"term": "Dissociation", "count": 30}]
    fresh_api.replace_records([record(n, "KETAMINE", "20200101", ("Nausea",)) for n in range(3)])
    assert get(fresh_api, search=search, limit=0).json()["meta"]["results"]["total"] == 3
    assert get(fresh_api, count=field).json()["results"] == [{"term": "Nausea", "count": 3}]


def test_last_updated_can_be_set(fresh_api: LocalOpenFDA) -> None:
    fresh_api.set_last_updated("2027-01-02")
    assert get(fresh_api).json()["meta"]["last_updated"] == "2027-01-02"


def test_requests_are_recorded(fresh_api: LocalOpenFDA) -> None:
    get(fresh_api, search="patient.drug.medicinalproduct:ketamine", limit=10)
    get(fresh_api, search="patient.drug.medicinalproduct:aspirin")
    first, second = fresh_api.requests
    assert (first.path, first.status, first.n_results, first.total) == (
        "/drug/event.json",
        200,
        10,
        30,
    )
    assert first.link and "search_after" in first.link
    assert (second.status, second.n_results) == (404, 0)


# --- faults ---------------------------------------------------------------------------------


def test_429_with_and_without_retry_after(fresh_api: LocalOpenFDA) -> None:
    fresh_api.faults.inject("429", times=1, retry_after=2)
    fresh_api.faults.inject("429", times=1)
    first, second, third = (get(fresh_api) for _ in range(3))
    assert (first.status_code, first.json(), first.headers["Retry-After"]) == (
        429,
        OVER_RATE_LIMIT,
        "2",
    )
    assert second.status_code == 429 and "Retry-After" not in second.headers
    assert third.status_code == 200
    assert fresh_api.faults.fired == {"429": 2}
    assert [entry.fault for entry in fresh_api.requests] == ["429", "429", None]


@pytest.mark.parametrize("kind", ["500", "502", "503"])
def test_server_errors(fresh_api: LocalOpenFDA, kind: str) -> None:
    fresh_api.faults.inject(kind)
    response = get(fresh_api)
    assert response.status_code == int(kind)
    if kind == "500":
        assert response.json() == {
            "error": {"code": "SERVER_ERROR", "message": "Check your request and try again"}
        }
    else:
        assert response.headers["Content-Type"] == "text/html"
    assert get(fresh_api).status_code == 200
    assert fresh_api.faults.fired == {kind: 1}


def test_slow_answers_trip_the_client_timeout(fresh_api: LocalOpenFDA) -> None:
    fresh_api.faults.inject("slow", delay=2.0)
    started = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.get(event_url(fresh_api), timeout=0.3)
    assert time.monotonic() - started < 1.5
    assert get(fresh_api).status_code == 200
    assert fresh_api.faults.fired == {"slow": 1}


def test_drop_cuts_the_connection_mid_body(fresh_api: LocalOpenFDA) -> None:
    fresh_api.faults.inject("drop")
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        get(fresh_api, limit=30)
    assert get(fresh_api).status_code == 200
    assert fresh_api.faults.fired == {"drop": 1}
    assert sum(fresh_api.served_ids().values()) == 1  # the dropped page does not count


@pytest.mark.parametrize("encoding", ["identity", "gzip"])
def test_truncate_sends_a_complete_response_with_cut_json(
    fresh_api: LocalOpenFDA, encoding: str
) -> None:
    fresh_api.faults.inject("truncate")
    response = requests.get(
        event_url(fresh_api),
        params={"limit": 30},
        headers={"Accept-Encoding": encoding},
        timeout=10,
    )
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding", "identity") == encoding
    assert response.text.startswith('{\n  "meta"')
    with pytest.raises(requests.exceptions.JSONDecodeError):
        response.json()
    if encoding == "identity":
        assert len(response.content) == int(response.headers["Content-Length"])
    assert get(fresh_api, limit=30).json()["meta"]["results"]["total"] == 30
    assert fresh_api.faults.fired == {"truncate": 1}


def test_shift_total_moves_the_total_between_pages(fresh_api: LocalOpenFDA) -> None:
    first = get(fresh_api, limit=10)
    fresh_api.faults.inject("shift_total", shift=2)
    grown = get(fresh_api, limit=10)
    fresh_api.faults.inject("shift_total", shift=-5)
    shrunk = get(fresh_api, limit=10)
    totals = [page.json()["meta"]["results"]["total"] for page in (first, grown, shrunk)]
    assert totals == [30, 32, 27]
    assert any(r["safetyreportid"].endswith("-shift1") for r in fresh_api.records)


def test_times_and_match_select_which_requests_fail(fresh_api: LocalOpenFDA) -> None:
    fresh_api.faults.inject("503", times=2, match="search_after")
    with requests.Session() as session:
        pages = follow_links(session, event_url(fresh_api), {"limit": 10})
        assert [page.status_code for page in pages] == [200, 503]
        retried = [session.get(pages[-1].url, timeout=10).status_code for _ in range(2)]
    assert retried == [503, 200]
    assert fresh_api.faults.fired == {"503": 2}


def test_rate_faults_are_reproducible_with_a_seed(fresh_api: LocalOpenFDA) -> None:
    def pattern() -> list[int]:
        fresh_api.faults.clear()
        fresh_api.faults.inject("500", rate=0.3, seed=11)
        return [get(fresh_api, limit=0).status_code for _ in range(20)]

    first, second = pattern(), pattern()
    assert first == second
    assert 0 < first.count(500) < 20


def test_admin_endpoint_controls_faults_out_of_process(fresh_api: LocalOpenFDA) -> None:
    admin = f"{fresh_api.url}/_admin/faults"
    created = requests.post(admin, json={"kind": "503", "times": 1, "retry_after": 1}, timeout=5)
    assert created.status_code == 201
    assert created.json()["rules"][0]["kind"] == "503"
    response = get(fresh_api)
    assert (response.status_code, response.headers["Retry-After"]) == (503, "1")
    assert requests.get(admin, timeout=5).json()["fired"] == {"503": 1}
    requests.post(admin, json=[{"kind": "429", "times": 5}], timeout=5)
    assert requests.delete(admin, timeout=5).json()["rules"] == []
    assert get(fresh_api).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "418"},
        {"kind": "429", "tims": 2},
        {"times": 1},
        ["429"],
        {"kind": "429", "rate": 2},
        {"kind": "429", "times": "two"},
        [{"kind": "429"}, {"kind": "teapot"}],  # all or nothing
    ],
)
def test_admin_rejects_bad_fault_specs(fresh_api: LocalOpenFDA, body: Any) -> None:
    response = requests.post(f"{fresh_api.url}/_admin/faults", json=body, timeout=5)
    assert response.status_code == 400
    assert fresh_api.faults.rules == []


def test_admin_calls_are_not_recorded_as_requests(fresh_api: LocalOpenFDA) -> None:
    requests.get(f"{fresh_api.url}/_admin/faults", timeout=5)
    assert fresh_api.requests == []


# --- lifecycle & command line ----------------------------------------------------------------


def test_binds_to_loopback_and_stops_cleanly() -> None:
    server = LocalOpenFDA([]).start()
    assert server.url.startswith("http://127.0.0.1:")
    url = event_url(server)
    assert requests.get(url, timeout=5).json() == NOT_FOUND  # empty corpus
    server.stop()
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(url, timeout=2)


def test_command_line_serves_a_records_file(tmp_path: Path) -> None:
    records_file = tmp_path / "records.jsonl"
    rows = [record(n, "KETAMINE", "20200101") for n in range(3)]
    records_file.write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    command = [sys.executable, "-m", "standins.openfda", "--port", "0"]
    command += ["--records", str(records_file)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            banner = process.stdout.readline()
            url = re.search(r"(http://127\.0\.0\.1:\d+)/drug/event\.json", banner)
            assert url, banner
            body = requests.get(f"{url.group(1)}/drug/event.json?limit=5", timeout=5).json()
            assert body["meta"]["results"]["total"] == 3
        finally:
            process.terminate()
            assert process.wait(timeout=10) == 0  # SIGTERM is a clean stop
