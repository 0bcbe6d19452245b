"""The openFDA background queries, run by the real client against the local openFDA service."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from ketamine_faers.sources.openfda.background import (
    BackgroundQuery,
    background_queries,
    fetch_background_counts,
)
from ketamine_faers.sources.openfda.client import OpenFDAClient
from ketamine_faers.sql_files import read_sql
from standins.openfda import LocalOpenFDA
from standins.openfda.query import SUPPORTED_QUERY_RE

TERMS = [
    ("dissociation", "Dissociation", "narrow"),
    ("dissociation", "Hallucination, visual", "broad"),
    ("hypertension", "Blood pressure increased", "narrow"),
    ("cognitive", "Sedation", "narrow"),
]
Q1 = (date(2021, 1, 1), date(2021, 3, 31))


def _record(n: int, day: str, product: str, terms: list[str]) -> dict:
    return {
        "safetyreportid": str(40_000_000 + n),
        "receivedate": day,
        "receivedateformat": "102",
        "patient": {
            "drug": [{"medicinalproduct": product, "drugcharacterization": "1"}],
            "reaction": [{"reactionmeddrapt": term} for term in terms],
        },
    }


RECORDS = [
    _record(1, "20210115", "KETAMINE", ["Dissociation", "Nausea"]),
    _record(2, "20210201", "SPRAVATO", ["DISSOCIATION"]),  # old-style upper case
    _record(3, "20210301", "ASPIRIN", ["Blood pressure increased"]),
    _record(4, "20210302", "ASPIRIN", ["Blood pressure decreased"]),  # look-alike
    _record(5, "20210331", "ASPIRIN", ["Hallucination, visual", "Dissociation"]),
    _record(6, "20210401", "ASPIRIN", ["Dissociation"]),  # next quarter
]


@pytest.fixture(scope="module")
def service():
    with LocalOpenFDA(RECORDS) as running:
        yield running


def _client(service: LocalOpenFDA) -> OpenFDAClient:
    return OpenFDAClient(service.url, requests_per_minute=0, backoff_base=0.01, max_attempts=3)


def test_terms_come_from_one_count_query_and_the_rest_are_totals():
    queries = background_queries(*Q1, TERMS)
    # 1 total + 2 products + 3 categories x 2 scopes + 4 terms answered by one count request
    assert len(queries) == 1 + 2 + 6 + 4
    assert [q.kind for q in queries].count("count") == 4
    assert all(q.kind == "total" for q in queries if q.measure != "reports_with_term")
    assert queries[0] == BackgroundQuery(
        "total_reports", "all", "receivedate:[20210101 TO 20210331]"
    )


def test_term_query_searches_both_spellings_of_the_exact_term():
    by_key = {(q.measure, q.key): q.search for q in background_queries(*Q1, TERMS)}
    assert by_key[("reports_with_term", "Hallucination, visual")] == (
        "receivedate:[20210101 TO 20210331] AND patient.reaction.reactionmeddrapt.exact:"
        '("Hallucination, visual" OR "HALLUCINATION, VISUAL")'
    )


def test_narrow_category_query_holds_only_narrow_terms():
    by_key = {(q.measure, q.key): q.search for q in background_queries(*Q1, TERMS)}
    narrow = by_key[("category_reports", "dissociation/narrow")]
    broad = by_key[("category_reports", "dissociation/broad")]
    assert '"Dissociation"' in narrow and "Hallucination" not in narrow
    assert '"Dissociation"' in broad and '"Hallucination, visual"' in broad


def test_every_search_uses_only_characters_openfda_accepts():
    for query in background_queries(*Q1, TERMS):
        assert SUPPORTED_QUERY_RE.fullmatch(query.search), query


def test_a_term_openfda_cannot_search_is_refused():
    with pytest.raises(ValueError, match="effect_terms.csv"):
        background_queries(*Q1, [("dissociation", 'Bad "quoted" term', "narrow")])
    with pytest.raises(ValueError, match="scope"):
        background_queries(*Q1, [("dissociation", "Dissociation", "wide")])


def test_fetched_background_matches_the_records_by_hand(service):
    raw = duckdb.connect()
    with _client(service) as client:
        sent = fetch_background_counts(client, raw, "2021Q1", TERMS, synthetic=True)
    assert sent == 1 + 2 + 6 + 1
    counts = dict(
        ((measure, key), count)
        for measure, key, count in raw.execute(
            "select measure, key, report_count from background_counts where quarter = '2021Q1'"
        ).fetchall()
    )
    assert counts[("total_reports", "all")] == 5  # record 6 is in 2021Q2
    assert counts[("product_reports", "ketamine")] == 1
    assert counts[("product_reports", "esketamine")] == 1  # SPRAVATO
    assert counts[("reports_with_term", "Dissociation")] == 3  # both spellings
    assert counts[("reports_with_term", "Blood pressure increased")] == 1  # not 'decreased'
    assert counts[("reports_with_term", "Sedation")] == 0  # 404 -> 0
    assert counts[("category_reports", "dissociation/narrow")] == 3
    assert counts[("category_reports", "dissociation/broad")] == 3  # record 5 counted once
    assert counts[("category_reports", "hypertension/narrow")] == 1


def test_cached_quarter_is_not_fetched_again(service):
    raw = duckdb.connect()
    with _client(service) as client:
        fetch_background_counts(client, raw, "2021Q1", TERMS, synthetic=True)
        again = fetch_background_counts(
            client, raw, "2021Q1", TERMS, synthetic=True, only_missing=True
        )
        more_terms = TERMS + [("cognitive", "Somnolence", "narrow")]
        changed = fetch_background_counts(
            client, raw, "2021Q1", more_terms, synthetic=True, only_missing=True
        )
    assert again == 0
    # Somnolence itself, plus the two cognitive category searches that now include it
    assert changed == 3
    (rows,) = raw.execute("select count(*) from background_counts").fetchone()
    assert rows == 14


def test_background_rows_take_the_data_date_of_the_quarter_fetch(service):
    raw = duckdb.connect()
    raw.execute(read_sql("operations/raw_landing/create_raw_records.sql"))
    raw.execute(
        "insert into raw_fetches values ('2021Q1', timestamp '2021-04-02 00:00:00', 5, 5, 1, 0,"
        " 'http://127.0.0.1', date '2021-04-01', true)"
    )
    with _client(service) as client:
        fetch_background_counts(client, raw, "2021Q1", TERMS, synthetic=True)
    dates = raw.execute("select distinct source_last_updated from background_counts").fetchall()
    assert dates == [(date(2021, 4, 1),)]


def test_searches_do_not_depend_on_the_order_of_the_terms():
    assert background_queries(*Q1, TERMS) == background_queries(*Q1, list(reversed(TERMS)))


def test_terms_cut_from_a_full_count_answer_get_their_own_total():
    """openFDA returns at most 1,000 count buckets: past that, a missing term is not 0."""
    filler = [
        {
            "safetyreportid": f"9{n:06d}",
            "receivedate": "20210201",
            "patient": {
                "drug": [{"medicinalproduct": "ASPIRIN"}],
                "reaction": [
                    {"reactionmeddrapt": f"Filler term {n:04d}"},
                    {"reactionmeddrapt": f"Filler term {n:04d} b"},
                ],
            },
        }
        for n in range(600)
    ]
    sedated = {
        "safetyreportid": "8000001",
        "receivedate": "20210202",
        "patient": {
            "drug": [{"medicinalproduct": "X"}],
            "reaction": [{"reactionmeddrapt": "Sedation"}],
        },
    }
    terms = [("cognitive", "Sedation", "narrow")]
    with LocalOpenFDA([*filler, sedated]) as running, _client(running) as client:
        raw = duckdb.connect()
        sent = fetch_background_counts(client, raw, "2021Q1", terms, synthetic=True)
    count = raw.execute(
        "select report_count from background_counts where measure = 'reports_with_term'"
    ).fetchone()[0]
    assert count == 1
    # total, 2 products, 2 category scopes, the cut count, then Sedation's own total
    assert sent == 1 + 2 + 2 + 1 + 1
