"""Effect marts and signals on the bundled SYNTHETIC sample, checked against the records.

Two quarters of the sample are fetched by the real client from the local openFDA service,
cleaned by the project's clean model, and the background is fetched with the real background
queries. The numbers the SQL produces are then recomputed independently, in Python, from the
clean tables (marts) and from the served records themselves (background).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime

import duckdb
import pytest

from ketamine_faers.clean_model import build_clean_tables
from ketamine_faers.effects_model import EFFECT_TERMS_CSV, build_effect_tables
from ketamine_faers.quarters import quarter_bounds
from ketamine_faers.sources.openfda.background import fetch_background_counts
from ketamine_faers.sources.openfda.client import OpenFDAClient, product_search
from ketamine_faers.sql_files import read_sql

QUARTERS = ("2020Q1", "2020Q2")


def _effect_terms() -> list[tuple[str, str, str]]:
    con = duckdb.connect()
    rows = con.execute(
        "select category, term, scope from read_csv(?, header = true)", [str(EFFECT_TERMS_CSV)]
    ).fetchall()
    con.close()
    return rows


@pytest.fixture(scope="module")
def built(sample_service, tmp_path_factory):
    raw_path = tmp_path_factory.mktemp("effects") / "raw.duckdb"
    raw = duckdb.connect(str(raw_path))
    raw.execute(read_sql("operations/raw_landing/create_raw_records.sql"))
    terms = _effect_terms()
    now = datetime.now(UTC).replace(tzinfo=None)
    with OpenFDAClient(sample_service.url, requests_per_minute=0) as client:
        for quarter in QUARTERS:
            start, end = quarter_bounds(quarter)
            records = [
                record
                for page in client.iter_pages(product_search(start, end))
                for record in page.records
            ]
            raw.executemany(
                "insert into raw_records values (?, ?, ?, ?, ?, null)",
                [
                    (quarter, seq, record.get("safetyreportid"), json.dumps(record), now)
                    for seq, record in enumerate(records, start=1)
                ],
            )
            raw.execute(
                "insert into raw_fetches values (?, ?, ?, ?, 0, 0, ?, null, true)",
                [quarter, now, len(records), len(records), sample_service.url],
            )
            fetch_background_counts(client, raw, quarter, terms, synthetic=True)
    raw.close()
    con = duckdb.connect()
    con.execute("attach ? as raw (read_only)", [str(raw_path)])
    build_clean_tables(con)
    counts = build_effect_tables(con)
    yield con, counts
    con.close()


def _category_keys(con) -> dict[tuple[str, str], set[str]]:
    keys: dict[tuple[str, str], set[str]] = {}
    for category, key, scope in con.execute(
        "select category, lower(term), scope from effect_terms"
    ).fetchall():
        keys.setdefault((category, "broad"), set()).add(key)
        if scope == "narrow":
            keys.setdefault((category, "narrow"), set()).add(key)
    return keys


def test_every_effect_table_is_built_with_rows(built):
    _, counts = built
    assert all(rows > 0 for rows in counts.values()), counts


def test_effects_by_quarter_match_a_recount_of_the_clean_tables(built):
    con, _ = built
    reports = con.execute(
        "select safetyreportid, quarter, products from reports"
        " where not coalesce(is_probable_duplicate, false)"
    ).fetchall()
    terms_of: dict[str, set[str]] = {}
    for rid, term in con.execute(
        "select safetyreportid, lower(trim(term)) from reactions"
    ).fetchall():
        terms_of.setdefault(rid, set()).add(term)
    category_keys = _category_keys(con)
    expected: Counter = Counter()
    totals: Counter = Counter()
    for rid, quarter, products in reports:
        for product in products:
            totals[(quarter, product)] += 1
            for (category, scope), keys in category_keys.items():
                if terms_of.get(rid, set()) & keys:
                    expected[(quarter, product, category, scope)] += 1
    rows = con.execute(
        "select quarter, product, category, scope, reports, product_reports"
        " from mart_effects_by_quarter where exposure = 'any role'"
    ).fetchall()
    assert rows, "mart_effects_by_quarter is empty"
    for quarter, product, category, scope, count, product_reports in rows:
        assert count == expected[(quarter, product, category, scope)]
        assert product_reports == totals[(quarter, product)]
    assert {(q, p) for q, p, *_ in rows} == set(totals)


def test_signals_cover_both_products_all_categories_and_their_terms(built):
    con, _ = built
    rows = con.execute(
        "select distinct product, level, category from signals where window_kind = 'all'"
    ).fetchall()
    for product in ("ketamine", "esketamine"):
        for category in ("dissociation", "hypertension", "cognitive"):
            assert (product, "category", category) in rows
            assert (product, "term", category) in rows


def test_signal_background_equals_the_served_records(built, sample_records):
    con, _ = built
    in_window = [
        record
        for record in sample_records
        if "20200101" <= str(record.get("receivedate") or "") <= "20200630"
    ]
    narrow = {
        term
        for (term,) in con.execute(
            "select term from effect_terms where category = 'dissociation' and scope = 'narrow'"
        ).fetchall()
    }
    spellings = narrow | {term.upper() for term in narrow}

    def has_term(record) -> bool:
        reactions = (record.get("patient") or {}).get("reaction") or []
        if isinstance(reactions, dict):
            reactions = [reactions]
        return any(
            isinstance(r, dict) and r.get("reactionmeddrapt") in spellings for r in reactions
        )

    rows = con.execute(
        "select n_total, n_event, a, b, c, d, product_reports_all from signals"
        " where window_kind = 'all' and level = 'category' and category = 'dissociation'"
        " and scope = 'narrow' and exposure = 'any role'"
    ).fetchall()
    assert len(rows) == 2  # ketamine and esketamine
    for n_total, n_event, a, b, c, d, product_all in rows:
        assert n_total == len(in_window)
        assert n_event == sum(has_term(record) for record in in_window)
        assert a + b + c + d == n_total - (product_all - (a + b))
