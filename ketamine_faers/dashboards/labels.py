"""The names and colours the dashboards give products, categories, views and signal rules.

Defined once so a chart, its caption, its table and the page CSS can never disagree: the
product colours reach the pages as CSS custom properties (``pages.frame.colour_css``).
"""

from __future__ import annotations

PRODUCT_COLOURS = {"ketamine": "#1f77b4", "esketamine": "#d95f02"}
CATEGORY_LABELS = {
    "dissociation": "Dissociation",
    "hypertension": "Hypertension",
    "cognitive": "Cognitive effects",
}
CATEGORY_LONG_LABELS = {
    "dissociation": "Dissociation",
    "hypertension": "Hypertension (blood pressure increased)",
    "cognitive": "Cognitive effects",
}
EXPOSURE_LABELS = {
    "any role": "reports naming the product (any role)",
    "suspect only": "reports with the product as a suspect drug",
}
SCOPE_LABELS = {"narrow": "core terms (narrow)", "broad": "core and related terms (broad)"}

# Signal thresholds, as computed by ketamine_faers.disproportionality; written on the pages.
THRESHOLDS = (
    ("ROR", "a ≥ 3 reports and the lower bound of the 95% CI of the ROR > 1"),
    ("PRR", "a ≥ 3 reports, PRR ≥ 2 and chi-square (Yates) ≥ 4 (Evans)"),
    ("IC", "the lower bound of the 95% credibility interval of the IC (IC025) > 0"),
    ("signal", "all three agree"),
)
