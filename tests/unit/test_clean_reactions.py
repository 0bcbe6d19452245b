"""main.reactions: MedDRA terms in MedDRA's case, with outcome labels."""

from __future__ import annotations

import pytest

from tests.support.clean_records import build, report


def terms(*raw_terms: str, extra_reports: tuple[dict, ...] = ()) -> list[str]:
    reactions = [{"reactionmeddrapt": t} for t in raw_terms]
    built = build(report(patient={"reaction": reactions}), *extra_reports)
    return [
        row[0]
        for row in built.rows(
            "select term from main.reactions where safetyreportid = '10000001'"
            " order by reaction_seq"
        )
    ]


def test_upper_case_term_becomes_sentence_case():
    assert terms("BLOOD PRESSURE INCREASED") == ["Blood pressure increased"]


def test_mixed_case_term_is_kept():
    assert terms("Blood pressure increased") == ["Blood pressure increased"]


def test_lower_case_term_becomes_sentence_case():
    assert terms("dissociation") == ["Dissociation"]


def test_spaces_are_trimmed_and_collapsed():
    assert terms("  BLOOD  PRESSURE INCREASED ") == ["Blood pressure increased"]


def test_acronym_term_takes_its_meddra_case_from_the_reference_list():
    assert terms("ELECTROCARDIOGRAM QT PROLONGED", "COVID-19") == [
        "Electrocardiogram QT prolonged",
        "COVID-19",
    ]


def test_eponym_term_takes_its_meddra_case_from_the_reference_list():
    assert terms("STEVENS-JOHNSON SYNDROME") == ["Stevens-Johnson syndrome"]


def test_upper_case_term_takes_the_mixed_case_spelling_other_reports_use():
    newer = report(
        safetyreportid="10000002",
        patient={"reaction": [{"reactionmeddrapt": "Blood ACTH increased"}]},
    )
    assert terms("BLOOD ACTH INCREASED", extra_reports=(newer,)) == ["Blood ACTH increased"]


def test_term_raw_keeps_what_the_report_sent():
    built = build(report(patient={"reaction": [{"reactionmeddrapt": "BLOOD PRESSURE INCREASED"}]}))
    assert built.one("select term, term_raw from main.reactions") == (
        "Blood pressure increased",
        "BLOOD PRESSURE INCREASED",
    )


@pytest.mark.parametrize(
    ("code", "outcome"),
    [
        ("1", "recovered/resolved"),
        ("2", "recovering/resolving"),
        ("3", "not recovered/not resolved"),
        ("4", "recovered/resolved with sequelae"),
        ("5", "fatal"),
        ("6", "unknown"),
        ("8", None),
    ],
)
def test_reaction_outcome_codes_become_labels(code, outcome):
    reaction = {"reactionmeddrapt": "Dissociation", "reactionoutcome": code}
    built = build(report(patient={"reaction": [reaction]}))
    assert built.one("select outcome from main.reactions") == outcome


def test_meddra_version_is_kept():
    reaction = {"reactionmeddrapt": "Dissociation", "reactionmeddraversionpt": "20.1"}
    built = build(report(patient={"reaction": [reaction]}))
    assert built.one("select meddra_version from main.reactions") == "20.1"


def test_report_without_reactions_is_kept_with_none():
    built = build(report(patient={"reaction": None}))
    assert built.report()["reactions_count"] == 0
    assert built.one("select count(*) from main.reactions") == 0
