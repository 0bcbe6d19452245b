"""Effect categories, marts and signals on a small hand-written set of clean tables.

The reports (quarter; products named; suspect drugs; reaction terms):

    R1  2021Q1  esketamine        suspect esketamine  Dissociation, HYPERTENSION, Nausea
    R2  2021Q1  esketamine        suspect esketamine  Blood pressure decreased, Sedation
    R3  2021Q1  ketamine          suspect ketamine    Hallucination, visual;
                                                      Transient global amnesia
    R4  2021Q1  ketamine,         suspect ketamine    blood pressure increased,
                esketamine        (esk. concomitant)  Product label confusion
    R5  2021Q1  esketamine        suspect esketamine  Nausea, Ocular hypertension,
                                                      Sedation complication
    R6  2021Q1  esketamine        suspect esketamine  Dissociation (probable duplicate of R1)
    R7  2021Q2  esketamine        suspect esketamine  Dissociative disorder, Somnolence
    R8  2021Q2  ketamine          (concomitant only)  Dissociation
    R9  2021Q2  ketamine          suspect ketamine    Hypertensive crisis, Hypertension
    R10 2021Q2  (none)            -                   Dissociation

Look-alikes that must match nothing: 'Blood pressure decreased', 'Ocular hypertension' (holds
the substring 'hypertension'), 'Sedation complication', 'Transient global amnesia',
'Product label confusion'. Case variants that must match: 'HYPERTENSION',
'blood pressure increased'.
"""

from __future__ import annotations

import math
from datetime import date

import duckdb
import pandas as pd
import pytest

from ketamine_faers.disproportionality import measures
from ketamine_faers.effects_model import (
    EFFECT_TABLES,
    build_effect_tables,
)
from ketamine_faers.quarters import quarter_bounds
from ketamine_faers.signals import BackgroundMissingError, signals_from_counts
from ketamine_faers.sources.openfda.background import background_queries, load_effect_terms
from ketamine_faers.sql_files import read_sql

REPORTS = [
    # id, quarter, products, serious, death, hosp, sex, age_group, reporter, duplicate
    ("R1", "2021Q1", ["esketamine"], True, False, True, "female", "18-64", "physician", False),
    ("R2", "2021Q1", ["esketamine"], False, False, False, "male", "18-64", "consumer", False),
    ("R3", "2021Q1", ["ketamine"], True, True, False, "female", "65+", "physician", False),
    ("R4", "2021Q1", ["esketamine", "ketamine"], True, False, True, "male", None, None, False),
    ("R5", "2021Q1", ["esketamine"], False, False, False, "female", "18-64", "consumer", False),
    ("R6", "2021Q1", ["esketamine"], True, False, True, "female", "18-64", "physician", True),
    ("R7", "2021Q2", ["esketamine"], True, False, False, "unknown", "18-64", "pharmacist", False),
    ("R8", "2021Q2", ["ketamine"], False, False, False, "male", "18-64", "consumer", False),
    ("R9", "2021Q2", ["ketamine"], True, False, True, "male", "65+", "physician", False),
    ("R10", "2021Q2", [], False, False, False, "female", "18-64", "consumer", False),
]

DRUGS = [
    # id, seq, product, role, route
    ("R1", 1, "esketamine", "suspect", "nasal"),
    ("R1", 2, None, "concomitant", "oral"),
    ("R2", 1, "esketamine", "suspect", "nasal"),
    ("R3", 1, "ketamine", "suspect", "intravenous"),
    ("R4", 1, "ketamine", "suspect", "intravenous"),
    ("R4", 2, "esketamine", "concomitant", "nasal"),
    ("R5", 1, "esketamine", "suspect", "nasal"),
    ("R6", 1, "esketamine", "suspect", "nasal"),
    ("R7", 1, "esketamine", "suspect", None),
    ("R8", 1, "ketamine", "concomitant", "intramuscular"),
    ("R8", 2, None, "suspect", "oral"),
    ("R9", 1, "ketamine", "suspect", "intravenous"),
    ("R9", 2, "ketamine", "suspect", "intramuscular"),
    ("R10", 1, None, "suspect", "oral"),
]

REACTIONS = [
    # id, seq, term, outcome
    ("R1", 1, "Dissociation", "recovered/resolved"),
    ("R1", 2, "HYPERTENSION", "recovered/resolved"),
    ("R1", 3, "Nausea", "unknown"),
    ("R2", 1, "Blood pressure decreased", "recovered/resolved"),
    ("R2", 2, "Sedation", "recovering/resolving"),
    ("R3", 1, "Hallucination, visual", "unknown"),
    ("R3", 2, "Transient global amnesia", "fatal"),
    ("R4", 1, "blood pressure increased", None),
    ("R4", 2, "Product label confusion", None),
    ("R5", 1, "Nausea", "unknown"),
    ("R5", 2, "Ocular hypertension", "unknown"),
    ("R5", 3, "Sedation complication", "unknown"),
    ("R6", 1, "Dissociation", "recovered/resolved"),
    ("R7", 1, "Dissociative disorder", "recovered/resolved"),
    ("R7", 2, "Somnolence", "recovered/resolved"),
    ("R8", 1, "Dissociation", "unknown"),
    ("R9", 1, "Hypertensive crisis", "recovering/resolving"),
    ("R9", 2, "Hypertension", "recovering/resolving"),
    ("R10", 1, "Dissociation", "unknown"),
]

# openFDA background per quarter: all reports, and reports with each category/scope.
TOTALS = {"2021Q1": 1000, "2021Q2": 800, "2021Q3": 900}
CATEGORY_BACKGROUND = {
    "2021Q1": {
        "dissociation/narrow": 20,
        "dissociation/broad": 30,
        "hypertension/narrow": 40,
        "hypertension/broad": 45,
        "cognitive/narrow": 50,
        "cognitive/broad": 60,
    },
    "2021Q2": {
        "dissociation/narrow": 25,
        "dissociation/broad": 33,
        "hypertension/narrow": 35,
        "hypertension/broad": 41,
        "cognitive/narrow": 44,
        "cognitive/broad": 52,
    },
}
TERM_BACKGROUND = {  # every other effect term: 5 reports a quarter
    "2021Q1": {"Dissociation": 15, "Hypertension": 25, "Hallucination, visual": 0},
    "2021Q2": {"Dissociation": 12, "Hypertension": 20},
}
TERM_MISSING = {"2021Q2": {"Somnolence"}}  # never fetched: no 'all' window row for it
# fetched before the term list changed: a different search, so the row is stale
STALE_SEARCHES = {("2021Q1", "Sedation"): "receivedate:[20210101 TO 20210331] AND old search"}


def _clean_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        create table main.reports (
            safetyreportid varchar, quarter varchar, receive_date date, serious boolean,
            seriousness_death boolean, seriousness_life_threatening boolean,
            seriousness_hospitalization boolean, seriousness_disabling boolean,
            seriousness_congenital_anomaly boolean, seriousness_other boolean,
            sex varchar, age_group varchar, reporter_qualification varchar,
            products varchar[], is_probable_duplicate boolean, source_last_updated date
        )
        """
    )
    for rid, quarter, products, serious, death, hosp, sex, age, reporter, dup in REPORTS:
        day = date(2021, 2, 1) if quarter == "2021Q1" else date(2021, 5, 1)
        con.execute(
            "insert into main.reports values (?, ?, ?, ?, ?, false, ?, false, false, false,"
            " ?, ?, ?, ?, ?, ?)",
            [
                rid,
                quarter,
                day,
                serious,
                death,
                hosp,
                sex,
                age,
                reporter,
                products,
                dup,
                date(2021, 9, 30),
            ],
        )
    con.execute(
        "create table main.drugs (safetyreportid varchar, drug_seq integer, product varchar,"
        " role varchar, route varchar)"
    )
    con.executemany("insert into main.drugs values (?, ?, ?, ?, ?)", DRUGS)
    con.execute(
        "create table main.reactions (safetyreportid varchar, reaction_seq integer,"
        " term varchar, outcome varchar)"
    )
    con.executemany("insert into main.reactions values (?, ?, ?, ?)", REACTIONS)


def _raw_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("attach ':memory:' as raw")
    con.execute("create table raw.raw_fetches (quarter varchar primary key)")
    con.execute("insert into raw.raw_fetches values ('2021Q1'), ('2021Q2')")  # not 2021Q3
    con.execute("use raw")
    con.execute(read_sql("operations/raw_landing/create_background_counts.sql"))
    con.execute("use memory")
    terms = [t for (t,) in con.execute("select term from main.effect_terms").fetchall()]
    rows = []
    for quarter, total in TOTALS.items():
        rows.append((quarter, "total_reports", "all", total))
        for key, count in CATEGORY_BACKGROUND.get(quarter, {}).items():
            rows.append((quarter, "category_reports", key, count))
        if quarter not in CATEGORY_BACKGROUND:
            continue
        for term in terms:
            if term in TERM_MISSING.get(quarter, set()):
                continue
            rows.append((quarter, "reports_with_term", term, TERM_BACKGROUND[quarter].get(term, 5)))
        rows.append((quarter, "product_reports", "ketamine", 7))
        rows.append((quarter, "product_reports", "esketamine", 9))
    effect_terms = load_effect_terms(con)
    searches = {
        (quarter, query.measure, query.key): query.search
        for quarter in TOTALS
        for query in background_queries(*quarter_bounds(quarter), effect_terms)
    }
    con.executemany(
        "insert into raw.background_counts values (?, ?, ?, ?, ?,"
        " timestamp '2021-10-01 12:00:00', date '2021-09-28', true)",
        [
            (
                quarter,
                measure,
                key,
                STALE_SEARCHES.get((quarter, key), searches[(quarter, measure, key)]),
                count,
            )
            for quarter, measure, key, count in rows
        ],
    )


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    _clean_tables(connection)
    build_effect_tables(connection, with_signals=False)
    _raw_tables(connection)
    signals_from_counts(connection)
    yield connection
    connection.close()


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


# -- effect_terms ----------------------------------------------------------------------------


def test_effect_terms_load_every_csv_row_once(con):
    csv = pd.read_csv("reference/effect_terms.csv")
    (loaded,) = con.execute("select count(*) from effect_terms").fetchone()
    assert loaded == len(csv)
    assert set(csv.category) == {"dissociation", "hypertension", "cognitive"}
    assert set(csv.scope) == {"narrow", "broad"}


def test_effect_terms_put_each_term_in_one_category_only():
    csv = pd.read_csv("reference/effect_terms.csv")
    keys = csv.term.str.strip().str.lower()
    assert not keys.duplicated().any(), csv[keys.duplicated(keep=False)]


def test_effect_terms_have_a_narrow_core_and_a_source_for_every_category():
    csv = pd.read_csv("reference/effect_terms.csv")
    assert csv.source.notna().all()
    narrow = csv[csv.scope == "narrow"].groupby("category").size()
    assert set(narrow.index) == {"dissociation", "hypertension", "cognitive"}


def test_spravato_blood_pressure_grouping_is_narrow_hypertension(con):
    narrow = {
        term
        for (term,) in _rows(
            con,
            "select term from effect_terms where category = 'hypertension' and scope = 'narrow'",
        )
    }
    assert {
        "Blood pressure increased",
        "Blood pressure systolic increased",
        "Blood pressure diastolic increased",
        "Hypertension",
    } <= narrow


# -- effect_reports: which reports fall in which category ------------------------------------


def _categories(con) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for rid, category in _rows(con, "select safetyreportid, category from effect_reports"):
        out.setdefault(rid, set()).add(category)
    return out


def test_upper_case_term_falls_in_its_category(con):
    assert _categories(con)["R1"] == {"dissociation", "hypertension"}


def test_lower_case_term_falls_in_its_category(con):
    assert _categories(con)["R4"] == {"hypertension"}


def test_blood_pressure_decreased_is_not_hypertension(con):
    assert _categories(con)["R2"] == {"cognitive"}


def test_substrings_and_look_alikes_match_nothing(con):
    # Ocular hypertension, Sedation complication, Transient global amnesia, Product label
    # confusion: each contains or resembles an effect term but is a different MedDRA term.
    categories = _categories(con)
    assert "R5" not in categories
    assert categories["R3"] == {"dissociation"}


def test_broad_only_term_makes_a_broad_not_narrow_row(con):
    (row,) = _rows(
        con,
        "select narrow, terms, narrow_terms from effect_reports"
        " where safetyreportid = 'R3' and category = 'dissociation'",
    )
    assert row == (False, ["Hallucination, visual"], [])


def test_matching_terms_are_listed_in_meddra_spelling(con):
    (row,) = _rows(
        con,
        "select narrow, terms from effect_reports"
        " where safetyreportid = 'R1' and category = 'hypertension'",
    )
    assert row == (True, ["Hypertension"])
    (terms,) = _rows(
        con,
        "select terms from effect_reports where safetyreportid = 'R9'"
        " and category = 'hypertension'",
    )[0]
    assert terms == ["Hypertension", "Hypertensive crisis"]


def test_effect_reports_is_keyed_by_report_and_category(con):
    (rows, keys) = con.execute(
        "select count(*), count(distinct (safetyreportid, category)) from effect_reports"
    ).fetchone()
    assert rows == keys == 11


def test_effect_reports_carry_products_and_suspect_products(con):
    (row,) = _rows(
        con,
        "select products, suspect_products, quarter, serious from effect_reports"
        " where safetyreportid = 'R4'",
    )
    assert row == (["esketamine", "ketamine"], ["ketamine"], "2021Q1", True)


# -- int_report_groups: the groups every mart counts in --------------------------------------


def _groups(con, *, baseline: bool = True) -> dict[tuple[str, str, str, str], int]:
    """Size of each (product, exposure, category, scope) group of int_report_groups, the
    'all reports' groups left out unless ``baseline``."""
    return {
        (product, exposure, category, scope): size
        for product, exposure, category, scope, size in _rows(
            con,
            "select product, exposure, category, scope, count(*) from int_report_groups"
            " group by all",
        )
        if baseline or category != "all reports"
    }


def test_report_groups_fan_each_report_out_to_its_groups(con):
    members: dict[tuple[str, str], list[str]] = {}
    for category, scope, report in _rows(
        con,
        "select category, scope, safetyreportid from int_report_groups"
        " where product = 'ketamine' and exposure = 'any role'"
        " order by category, scope, safetyreportid",
    ):
        members.setdefault((category, scope), []).append(report)
    # The baseline under both scopes; R3 is dissociation only by a broad term (Hallucination,
    # visual), so it is not in the narrow group.
    assert members == {
        ("all reports", "broad"): ["R3", "R4", "R8", "R9"],
        ("all reports", "narrow"): ["R3", "R4", "R8", "R9"],
        ("dissociation", "broad"): ["R3", "R8"],
        ("dissociation", "narrow"): ["R8"],
        ("hypertension", "broad"): ["R4", "R9"],
        ("hypertension", "narrow"): ["R4", "R9"],
    }
    # R6, the probable duplicate of R1, is in no group; R4 names esketamine only as a
    # concomitant drug, so it leaves the 'suspect only' groups.
    esketamine = _rows(
        con,
        "select exposure, list(safetyreportid order by safetyreportid) from int_report_groups"
        " where product = 'esketamine' and category = 'all reports' and scope = 'narrow'"
        " group by exposure order by exposure",
    )
    assert esketamine == [
        ("any role", ["R1", "R2", "R4", "R5", "R7"]),
        ("suspect only", ["R1", "R2", "R5", "R7"]),
    ]
    (quarters,) = _rows(
        con,
        "select list(distinct quarter order by quarter) from int_report_groups"
        " where safetyreportid = 'R9'",
    )
    assert quarters == (["2021Q2"],)


def test_report_group_terms_are_the_terms_that_put_a_report_in_its_group(con):
    rows = _rows(
        con,
        "select safetyreportid, category, scope, term, term_key from int_report_group_terms"
        " where product = 'ketamine' and exposure = 'any role' order by all",
    )
    assert rows == [
        ("R3", "dissociation", "broad", "Hallucination, visual", "hallucination, visual"),
        ("R4", "hypertension", "broad", "Blood pressure increased", "blood pressure increased"),
        ("R4", "hypertension", "narrow", "Blood pressure increased", "blood pressure increased"),
        ("R8", "dissociation", "broad", "Dissociation", "dissociation"),
        ("R8", "dissociation", "narrow", "Dissociation", "dissociation"),
        ("R9", "hypertension", "broad", "Hypertension", "hypertension"),
        ("R9", "hypertension", "broad", "Hypertensive crisis", "hypertensive crisis"),
        ("R9", "hypertension", "narrow", "Hypertension", "hypertension"),
        ("R9", "hypertension", "narrow", "Hypertensive crisis", "hypertensive crisis"),
    ]
    (baseline,) = con.execute(
        "select count(*) from int_report_group_terms where category = 'all reports'"
    ).fetchone()
    assert baseline == 0


def test_scoped_terms_put_a_narrow_term_in_both_scopes_and_a_broad_one_in_broad_only(con):
    listed = con.execute("select category, term_key, scope from main.effect_terms").fetchall()
    scoped = _rows(con, "select category, term_key, scope from int_scoped_terms order by all")
    expected = sorted(
        [(category, key, "broad") for category, key, _ in listed]
        + [(category, key, "narrow") for category, key, scope in listed if scope == "narrow"]
    )
    assert scoped == expected
    assert ("hypertension", "hypertension", "narrow") in scoped
    assert ("dissociation", "hallucination, visual", "narrow") not in scoped


@pytest.mark.parametrize(
    "mart",
    ["mart_seriousness", "mart_outcomes", "mart_routes", "mart_demographics", "mart_reporters"],
)
def test_profile_marts_count_in_every_group_of_the_intermediate(con, mart):
    groups = {
        (product, exposure, category, scope): size
        for product, exposure, category, scope, size in _rows(
            con,
            f"select distinct product, exposure, category, scope, group_reports from {mart}",  # noqa: S608
        )
    }
    assert groups == _groups(con)
    assert groups[("esketamine", "any role", "all reports", "broad")] == 5
    assert groups[("ketamine", "suspect only", "dissociation", "broad")] == 1


def test_term_marts_count_in_the_category_groups_of_the_intermediate(con):
    categories = _groups(con, baseline=False)
    top_terms = {
        (product, exposure, category, scope): size
        for product, exposure, category, scope, size in _rows(
            con,
            "select distinct product, exposure, category, scope, group_reports from mart_top_terms",
        )
    }
    assert top_terms == categories
    co_reported = {
        (product, exposure, category, scope): size
        for product, exposure, category, scope, size in _rows(
            con,
            "select distinct product, exposure, category, scope, group_reports"
            " from mart_co_reported_terms",
        )
    }
    # R8, the one report of ketamine's narrow dissociation group, carries no other term.
    assert co_reported == {
        group: size
        for group, size in categories.items()
        if group != ("ketamine", "any role", "dissociation", "narrow")
    }


def test_effects_by_quarter_count_the_groups_of_the_intermediate(con):
    baseline = _rows(
        con,
        "select quarter, product, exposure, scope, count(*) from int_report_groups"
        " where category = 'all reports' group by all order by all",
    )
    denominators = _rows(
        con,
        "select distinct quarter, product, exposure, scope, product_reports"
        " from mart_effects_by_quarter order by all",
    )
    assert denominators == baseline
    assert ("2021Q1", "esketamine", "suspect only", "narrow", 3) in denominators
    summed = {
        (product, exposure, category, scope): reports
        for product, exposure, category, scope, reports in _rows(
            con,
            "select product, exposure, category, scope, sum(reports) from mart_effects_by_quarter"
            " group by all having sum(reports) > 0",
        )
    }
    assert summed == _groups(con, baseline=False)


# -- marts -----------------------------------------------------------------------------------


def test_effects_by_quarter_counts_and_shares_esketamine_any_role(con):
    rows = _rows(
        con,
        "select category, scope, reports, product_reports, share from mart_effects_by_quarter"
        " where quarter = '2021Q1' and product = 'esketamine' and exposure = 'any role'"
        " order by category, scope",
    )
    # R1, R2, R4, R5 name esketamine (R6 is a probable duplicate and left out).
    assert rows == [
        ("cognitive", "broad", 1, 4, 0.25),
        ("cognitive", "narrow", 1, 4, 0.25),
        ("dissociation", "broad", 1, 4, 0.25),
        ("dissociation", "narrow", 1, 4, 0.25),
        ("hypertension", "broad", 2, 4, 0.5),
        ("hypertension", "narrow", 2, 4, 0.5),
    ]


def test_effects_by_quarter_suspect_only_drops_concomitant_use(con):
    rows = _rows(
        con,
        "select category, reports, product_reports from mart_effects_by_quarter"
        " where quarter = '2021Q1' and product = 'esketamine' and exposure = 'suspect only'"
        " and scope = 'broad' order by category",
    )
    # R4 names esketamine only as concomitant: gone from numerator and denominator.
    assert rows == [("cognitive", 1, 3), ("dissociation", 1, 3), ("hypertension", 1, 3)]


def test_effects_by_quarter_keeps_zero_rows(con):
    rows = _rows(
        con,
        "select category, scope, reports from mart_effects_by_quarter"
        " where quarter = '2021Q1' and product = 'ketamine' and exposure = 'any role'"
        " order by category, scope",
    )
    assert rows == [
        ("cognitive", "broad", 0),
        ("cognitive", "narrow", 0),
        ("dissociation", "broad", 1),
        ("dissociation", "narrow", 0),
        ("hypertension", "broad", 1),
        ("hypertension", "narrow", 1),
    ]


def test_seriousness_of_dissociation_against_all_reports(con):
    rows = _rows(
        con,
        "select category, criterion, reports, group_reports from mart_seriousness"
        " where product = 'ketamine' and exposure = 'any role' and scope = 'broad'"
        " and criterion in ('serious', 'death') order by category, criterion_order",
    )
    # ketamine, any role: R3 (serious, death), R4 (serious), R8, R9 (serious).
    assert rows == [
        ("all reports", "serious", 3, 4),
        ("all reports", "death", 1, 4),
        ("dissociation", "serious", 1, 2),
        ("dissociation", "death", 1, 2),
        ("hypertension", "serious", 2, 2),
        ("hypertension", "death", 0, 2),
    ]


def test_outcomes_count_only_the_category_reactions(con):
    rows = _rows(
        con,
        "select outcome, reactions, reports, group_reports from mart_outcomes"
        " where product = 'ketamine' and exposure = 'any role' and category = 'dissociation'"
        " and scope = 'broad' order by outcome",
    )
    # R3 'Hallucination, visual' (unknown) and R8 'Dissociation' (unknown); R3's fatal
    # 'Transient global amnesia' is not a dissociation reaction.
    assert rows == [("unknown", 2, 2, 2)]


def test_routes_are_the_products_own_routes(con):
    rows = _rows(
        con,
        "select route, reports, group_reports from mart_routes"
        " where product = 'ketamine' and exposure = 'suspect only' and category = 'all reports'"
        " and scope = 'broad' order by route",
    )
    # suspect ketamine: R3 iv, R4 iv, R9 iv + im; R8's ketamine is concomitant.
    assert rows == [("intramuscular", 1, 3), ("intravenous", 3, 3)]


def test_demographics_share_adds_up_to_one(con):
    rows = _rows(
        con,
        "select sex, age_group, reports, share from mart_demographics"
        " where product = 'esketamine' and exposure = 'any role' and category = 'all reports'"
        " and scope = 'narrow' order by sex, age_group",
    )
    # R1 f 18-64, R2 m 18-64, R4 m unknown, R5 f 18-64, R7 unknown 18-64.
    assert rows == [
        ("female", "18-64", 2, 0.4),
        ("male", "18-64", 1, 0.2),
        ("male", "unknown", 1, 0.2),
        ("unknown", "18-64", 1, 0.2),
    ]


def test_reporters_label_missing_as_not_reported(con):
    rows = _rows(
        con,
        "select reporter_qualification, reports from mart_reporters"
        " where product = 'esketamine' and exposure = 'any role'"
        " and category = 'hypertension' and scope = 'broad' order by 1",
    )
    assert rows == [("not reported", 1), ("physician", 1)]


def test_top_terms_rank_the_category_terms(con):
    rows = _rows(
        con,
        "select rank, term, reports, group_reports from mart_top_terms"
        " where product = 'ketamine' and exposure = 'any role' and category = 'hypertension'"
        " and scope = 'narrow' order by rank",
    )
    assert rows == [
        (1, "Blood pressure increased", 1, 2),
        (2, "Hypertension", 1, 2),
        (3, "Hypertensive crisis", 1, 2),
    ]


def test_co_reported_terms_leave_out_the_category_own_terms(con):
    rows = _rows(
        con,
        "select term, reports, group_reports from mart_co_reported_terms"
        " where product = 'esketamine' and exposure = 'any role'"
        " and category = 'hypertension' and scope = 'broad' order by rank",
    )
    # R1: Dissociation, Nausea; R4: Product label confusion. HYPERTENSION is the category's.
    assert rows == [("Dissociation", 1, 2), ("Nausea", 1, 2), ("Product label confusion", 1, 2)]


def test_every_table_has_a_comment_on_every_column(con):
    tables = list(EFFECT_TABLES)
    missing = _rows(
        con,
        "select table_name, column_name from duckdb_columns()"
        " where database_name = 'memory' and table_name in (select unnest(?))"
        " and (comment is null or comment = '')",
        [tables],
    )
    assert missing == []
    (commented,) = con.execute(
        "select count(*) from duckdb_tables() where database_name = 'memory'"
        " and table_name in (select unnest(?)) and comment is not null",
        [tables],
    ).fetchone()
    assert commented == len(tables)


# -- signals ---------------------------------------------------------------------------------


def _signal(con, **where) -> dict:
    clauses = " and ".join(
        f"{column} is null" if value is None else f"{column} = ?" for column, value in where.items()
    )
    params = [value for value in where.values() if value is not None]
    frame = con.execute(f"select * from signals where {clauses}", params).df()  # noqa: S608
    assert len(frame) == 1, frame
    return frame.iloc[0].to_dict()


def test_signals_cover_both_products_all_categories_and_their_terms(con):
    rows = _rows(
        con,
        "select product, level, category, count(*) from signals"
        " where exposure = 'any role' and window_kind = 'all' group by all order by all",
    )
    categories = {(p, c) for p, level, c, _ in rows if level == "category"}
    assert categories == {
        (p, c)
        for p in ("esketamine", "ketamine")
        for c in ("cognitive", "dissociation", "hypertension")
    }
    terms = {(p, c) for p, level, c, _ in rows if level == "term"}
    assert terms == categories


def test_signal_counts_any_role_category(con):
    row = _signal(
        con,
        product="esketamine",
        exposure="any role",
        level="category",
        category="dissociation",
        scope="narrow",
        window_label="2021Q1",
    )
    # a: R1; b: R2, R4, R5; c: 20 background - R1, R6 (every esketamine report with it);
    # d: 1000 - 5 esketamine reports (R6 included) - 18.
    assert (row["a"], row["b"], row["c"], row["d"]) == (1, 3, 18, 977)
    assert row["n_event"] == 20 and row["n_total"] == 1000 and row["product_reports_all"] == 5


def test_signal_counts_suspect_only_keep_the_same_comparator(con):
    row = _signal(
        con,
        product="esketamine",
        exposure="suspect only",
        level="category",
        category="dissociation",
        scope="narrow",
        window_label="2021Q1",
    )
    # R4 (esketamine concomitant) leaves the exposed row but does not join the comparator.
    assert (row["a"], row["b"], row["c"], row["d"]) == (1, 2, 18, 977)


def test_signal_counts_of_the_all_window_sum_the_quarters(con):
    row = _signal(
        con,
        product="ketamine",
        exposure="any role",
        level="category",
        category="hypertension",
        scope="narrow",
        window_kind="all",
    )
    # a: R4, R9; b: R3, R8; c: 40 + 35 - 2; d: 1000 + 800 - 4 - 73. 2021Q3 has a background
    # but no fetched reports, so it is not in the window.
    assert (row["a"], row["b"], row["c"], row["d"]) == (2, 2, 73, 1723)
    assert row["window_label"] == "2021Q1..2021Q2"
    assert (row["window_start"], row["window_end"]) == (
        pd.Timestamp("2021-01-01"),
        pd.Timestamp("2021-06-30"),
    )
    assert row["quarters"] == 2
    assert row["openfda_product_reports"] == 14


def test_signal_term_level_counts(con):
    row = _signal(
        con,
        product="esketamine",
        exposure="any role",
        level="term",
        term="Dissociation",
        window_label="2021Q1",
    )
    assert (row["a"], row["b"], row["c"], row["d"]) == (1, 3, 13, 982)
    assert row["category"] == "dissociation" and row["scope"] == "narrow"


def test_signal_measures_agree_with_the_python_module(con):
    frame = con.execute("select * from signals").df()
    assert len(frame) > 0
    for row in frame.itertuples():
        expected = measures(int(row.a), int(row.b), int(row.c), int(row.d))
        for name in (
            "ror",
            "ror_lower",
            "ror_upper",
            "prr",
            "prr_lower",
            "prr_upper",
            "ic",
            "ic025",
            "ic975",
            "expected",
        ):
            assert math.isclose(getattr(row, name), getattr(expected, name), rel_tol=1e-12)
        if expected.chi_square is None:
            assert pd.isna(row.chi_square)
        else:
            assert math.isclose(row.chi_square, expected.chi_square, rel_tol=1e-12)
        assert bool(row.signal) == expected.signal
        assert bool(row.continuity_corrected) == expected.continuity_corrected


def test_background_below_our_own_count_is_floored_and_flagged(con):
    row = _signal(
        con,
        product="ketamine",
        exposure="any role",
        level="term",
        term="Hallucination, visual",
        window_label="2021Q1",
    )
    # openFDA says 0 reports carry the term, yet R3 does: c is floored at 0, and flagged.
    assert row["c"] == 0 and bool(row["background_clamped"])


def test_incomplete_background_gives_no_row_for_the_window(con):
    rows = _rows(
        con,
        "select window_label from signals where product = 'esketamine'"
        " and exposure = 'any role' and term = 'Somnolence' order by 1",
    )
    # Somnolence's 2021Q2 count was never fetched: only the 2021Q1 row exists.
    assert rows == [("2021Q1",)]


def test_background_fetched_with_an_old_search_is_ignored(con):
    rows = _rows(con, "select window_label from signals where term = 'Sedation'")
    # 2021Q1 is stale, so neither that quarter nor the 'all' window has a Sedation row;
    # 2021Q2 esketamine/ketamine rows remain.
    assert {label for (label,) in rows} == {"2021Q2"}


def test_signals_only_for_windows_where_the_product_has_reports(con):
    (rows,) = con.execute("select count(*) from signals where a + b = 0").fetchone()
    assert rows == 0


def test_signals_without_background_table_fail_clearly():
    connection = duckdb.connect()
    _clean_tables(connection)
    build_effect_tables(connection, with_signals=False)
    connection.execute("attach ':memory:' as raw")
    with pytest.raises(BackgroundMissingError, match="background_counts"):
        signals_from_counts(connection)


def test_signals_without_any_background_yet_is_an_empty_typed_table():
    connection = duckdb.connect()
    _clean_tables(connection)
    build_effect_tables(connection, with_signals=False)
    connection.execute("attach ':memory:' as raw")
    connection.execute("create table raw.raw_fetches (quarter varchar primary key)")
    connection.execute("use raw")
    connection.execute(read_sql("operations/raw_landing/create_background_counts.sql"))
    connection.execute("use memory")
    assert signals_from_counts(connection) == 0
    types = dict(
        connection.execute(
            "select column_name, data_type from duckdb_columns() where table_name = 'signals'"
        ).fetchall()
    )
    assert types["a"] == "BIGINT" and types["ror"] == "DOUBLE" and types["signal"] == "BOOLEAN"
    assert types["window_start"] == "DATE"
