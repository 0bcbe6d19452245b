"""One vocabulary: the names the landing searches for, the names the openFDA background counts
per product, the categories of the term list and the clean rule that decides a drug entry's
product all agree."""

from __future__ import annotations

import csv

import pytest

from ketamine_faers.paths import EFFECT_TERMS_CSV
from ketamine_faers.sources.openfda.background import product_search as product_total_search
from ketamine_faers.sources.openfda.client import product_search
from ketamine_faers.vocabulary import (
    AMBIGUOUS_NAMES,
    CATEGORIES,
    PRODUCT_NAMES,
    PRODUCTS,
    SEARCH_NAMES,
)
from tests.support.clean_records import build, drug, report


@pytest.mark.parametrize(
    ("name", "product"),
    [(name, product) for product in PRODUCTS for name in PRODUCT_NAMES[product]],
)
def test_the_clean_rule_gives_every_product_name_its_product(name, product):
    for spelling in (name.upper(), name.capitalize()):
        built = build(report(patient={"drug": [drug(spelling)]}))
        assert built.one("select product from main.drugs where drug_seq = 1") == product


def test_an_ambiguous_name_is_searched_but_counted_for_no_single_product():
    from datetime import date

    start, end = date(2024, 1, 1), date(2024, 3, 31)
    for name in AMBIGUOUS_NAMES:
        assert name in product_search(start, end)
        assert all(name not in product_total_search(p, start, end) for p in PRODUCTS)


def test_the_landing_searches_every_name_of_both_products():
    from datetime import date

    search = product_search(date(2024, 1, 1), date(2024, 3, 31))
    for name in SEARCH_NAMES:
        assert f" {name} " in search.replace("(", " ").replace(")", " ")
    assert set(SEARCH_NAMES) == {n for p in PRODUCTS for n in PRODUCT_NAMES[p]} | set(
        AMBIGUOUS_NAMES
    )


def test_the_categories_are_those_of_the_term_list():
    with EFFECT_TERMS_CSV.open(newline="", encoding="utf-8") as handle:
        listed = {row["category"] for row in csv.DictReader(handle)}
    assert listed == set(CATEGORIES)
