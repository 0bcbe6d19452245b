"""Disproportionality in words and tables: the verdict of a signals row, its ROR, PRR and
IC025 as text, the thresholds note and the signals table of both page kinds."""

from __future__ import annotations

from typing import Any

from ketamine_faers.dashboards.labels import THRESHOLDS
from ketamine_faers.dashboards.markup import Html, count, esc, join, ratio, table, tag
from ketamine_faers.dashboards.pages.sections import product_badge
from ketamine_faers.dashboards.site_data import Row


def signal_row(signals: list[Row], **match: Any) -> Row | None:
    """The first signals row with every ``match`` value; None when none was computed."""
    for row in signals:
        if all(row[key] == value for key, value in match.items()):
            return row
    return None


def signal_verdict(row: Row | None) -> Html:
    """Which signal rules the row meets, in words."""
    if row is None:
        return tag("span", "not computed", class_="verdict verdict-none")
    flags = [
        name
        for name, key in (("ROR", "signal_ror"), ("PRR", "signal_prr"), ("IC", "signal_ic"))
        if row[key]
    ]
    if row["signal"]:
        return tag("span", "signal (ROR, PRR and IC)", class_="verdict verdict-signal")
    if flags:
        return tag("span", "signal by " + ", ".join(flags), class_="verdict verdict-partial")
    return tag("span", "no signal", class_="verdict verdict-none")


def _ror_text(row: Row | None) -> str:
    if row is None:
        return "–"
    return f"{ratio(row['ror'])} ({ratio(row['ror_lower'])}–{ratio(row['ror_upper'])})"


def ror_kpi(row: Row | None) -> Html:
    """The ROR with its interval in small print, for a card."""
    if row is None:
        return esc("–")
    interval = f"({ratio(row['ror_lower'])}–{ratio(row['ror_upper'])})"
    return join([ratio(row["ror"]), " ", tag("small", interval)])


def _prr_text(row: Row | None) -> str:
    if row is None:
        return "–"
    return f"{ratio(row['prr'])} ({ratio(row['prr_lower'])}–{ratio(row['prr_upper'])})"


def _ic025_text(row: Row | None) -> str:
    if row is None or row["ic025"] is None:
        return "–"
    return f"{float(row['ic025']):+.2f}"


def thresholds_note() -> Html:
    """The rules behind every verdict, written beside each plot and table that shows one."""
    items = join(tag("li", join([tag("strong", name), ": ", rule])) for name, rule in THRESHOLDS)
    return tag(
        "div",
        join(
            [
                tag("p", "Signal thresholds (the same for both products):"),
                tag("ul", items),
                tag(
                    "p",
                    "a = reports with the product and the event; the comparator is every other "
                    "FAERS report in the same window (openFDA counts). A zero cell is corrected "
                    "by adding 0.5 to every cell. ROR 95% CI by Woolf's method.",
                ),
            ]
        ),
        class_="thresholds",
    )


def signals_table(rows: list[tuple[str, str, Row]], caption: str) -> Html:
    """One line per (label, product, signals row): counts, ratios and verdict."""
    return table(
        [
            ("Event", ""),
            ("Product", ""),
            ("a (reports)", "num"),
            ("ROR (95% CI)", "num"),
            ("PRR (95% CI)", "num"),
            ("Chi-square", "num"),
            ("IC025", "num"),
            ("Verdict", ""),
        ],
        [
            (
                label,
                product_badge(product),
                count(row["a"]),
                _ror_text(row),
                _prr_text(row),
                ratio(row["chi_square"]),
                _ic025_text(row),
                signal_verdict(row),
            )
            for label, product, row in rows
        ],
        caption=caption,
        stack=True,
    )
