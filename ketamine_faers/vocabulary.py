"""The project's words, defined once: the two products, the effect categories, and the names
a report can give each product.

Ketamine (the racemate: KETALAR and generics) and esketamine (the S-enantiomer: SPRAVATO) are
different medicines and are never merged. The names below are openFDA's analysed tokens
(lower case, whole words): what the landing searches for and what the openFDA background
counts per product. Which product a drug entry names is decided by the clean rule in
``sql/core/drugs.sql`` (word patterns, enantiomer prefixes such as S-KETAMINE); a test holds
that rule to every name here.
"""

from __future__ import annotations

#: The products, in the order the dashboards show them.
PRODUCTS: tuple[str, ...] = ("ketamine", "esketamine")

#: The effect categories of reference/effect_terms.csv, in the order the dashboards show them.
CATEGORIES: tuple[str, ...] = ("dissociation", "hypertension", "cognitive")

#: The names that mean one product only: generic names and brands (KETASET, KETAJECT and
#: VETALAR are veterinary brands of racemic ketamine that human reports also name).
PRODUCT_NAMES: dict[str, tuple[str, ...]] = {
    "ketamine": ("ketamine", "ketalar", "ketaset", "ketaject", "vetalar"),
    "esketamine": ("esketamine", "spravato"),
}

#: Names that can mean either: KETANEST is racemic ketamine in some countries and esketamine
#: (Ketanest S) in others. The landing searches for it, the clean rule decides per entry, and
#: openFDA's per-product totals leave it out rather than give it to one product.
AMBIGUOUS_NAMES: tuple[str, ...] = ("ketanest",)

#: Every name the landing searches for: a report naming any of them is fetched.
SEARCH_NAMES: tuple[str, ...] = (*(n for p in PRODUCTS for n in PRODUCT_NAMES[p]), *AMBIGUOUS_NAMES)
