"""Probable duplicates across cases: flagged, never removed. Measured against the
hand-labelled pairs of tests/fixtures/faers_files/duplicate_pairs.csv (each with the reason
for its label), plus one test per rule."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.support.faers_files_landing import Built, Landing, era_of

PAIRS_CSV = Path(__file__).parents[1] / "fixtures" / "faers_files" / "duplicate_pairs.csv"
CASE_FIELDS = ("caseid", "quarter", "version", "mfr_sndr", "mfr_num", "event_dt", "age",
               "age_cod", "sex", "country", "init_fda_dt", "drugs", "reactions")  # fmt: skip


def labelled_pairs() -> list[dict[str, str]]:
    with PAIRS_CSV.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def add_case(landing: Landing, case: dict[str, str]) -> None:
    """One case of a pair as landing rows: a DEMO row, its drugs and its reactions."""
    quarter, caseid = case["quarter"], case["caseid"]
    legacy = era_of(quarter) == "aers"
    primaryid = str(int(caseid) + 70_000_000) if legacy else caseid + case["version"]
    quarter_start = f"{quarter[:4]}{3 * int(quarter[-1]) - 2:02d}01"
    landing.demo(
        quarter,
        primaryid=primaryid,
        caseid=caseid,
        caseversion=None if legacy else case["version"],
        mfr_sndr=case["mfr_sndr"] or None,
        mfr_num=case["mfr_num"] or None,
        event_dt=case["event_dt"] or None,
        age=case["age"] or None,
        age_cod=case["age_cod"] or None,
        sex=case["sex"] or None,
        reporter_country=case["country"] or None,
        init_fda_dt=case["init_fda_dt"] or None,
        fda_dt=case["init_fda_dt"] or quarter_start,
    )
    for seq, entry in enumerate(filter(None, case["drugs"].split(";")), start=1):
        name, _, ingredient = entry.partition("~")
        landing.add("drug", quarter, primaryid=primaryid, caseid=None if legacy else caseid,
                    drug_seq=str(seq), role_cod="PS" if seq == 1 else "C", drugname=name,
                    prod_ai=ingredient or None)  # fmt: skip
    for term in filter(None, case["reactions"].split(";")):
        landing.add("reac", quarter, primaryid=primaryid, caseid=None if legacy else caseid,
                    pt=term)  # fmt: skip


def build_pairs(tmp_path: Path, pairs: list[dict[str, str]]) -> Built:
    landing = Landing(tmp_path)
    for pair in pairs:
        for side in "ab":
            add_case(landing, {field: pair[f"{side}_{field}"] for field in CASE_FIELDS})
    return landing.build()


def test_the_labelled_pairs_are_enough_and_of_both_kinds():
    pairs = labelled_pairs()
    labels = [pair["label"] for pair in pairs]
    assert len(pairs) >= 60
    assert labels.count("duplicate") >= 25 and labels.count("distinct") >= 25
    assert set(labels) == {"duplicate", "distinct"}
    assert all(pair["reason"].strip() for pair in pairs)


def test_precision_and_recall_on_the_labelled_pairs(tmp_path):
    pairs = labelled_pairs()
    built = build_pairs(tmp_path, pairs)
    group = dict(built.rows("select caseid, duplicate_group from cases"))
    assert len(group) == 2 * len(pairs)  # flagged, never removed
    outcome = {"tp": [], "fp": [], "fn": [], "tn": []}
    for pair in pairs:
        a, b = group[int(pair["a_caseid"])], group[int(pair["b_caseid"])]
        flagged = a is not None and a == b
        truth = pair["label"] == "duplicate"
        key = {(True, True): "tp", (True, False): "fp", (False, True): "fn"}.get(
            (flagged, truth), "tn"
        )
        outcome[key].append(f"{pair['pair_id']} {pair['kind']}")
    tp, fp, fn = len(outcome["tp"]), len(outcome["fp"]), len(outcome["fn"])
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(
        f"\nduplicate flagger on {len(pairs)} labelled pairs: precision {precision:.3f} "
        f"({tp}/{tp + fp}), recall {recall:.3f} ({tp}/{tp + fn}); "
        f"false positives {outcome['fp']}; missed {outcome['fn']}"
    )
    assert precision >= 0.95
    assert recall >= 0.85


def test_no_duplicate_group_spans_two_labelled_pairs(tmp_path):
    pairs = labelled_pairs()
    built = build_pairs(tmp_path, pairs)
    pair_of = {int(pair[f"{side}_caseid"]): pair["pair_id"] for pair in pairs for side in "ab"}
    groups: dict[int, set[str]] = {}
    for caseid, group in built.rows("select caseid, duplicate_group from cases"):
        if group is not None:
            groups.setdefault(group, set()).add(pair_of[caseid])
    assert [g for g in groups.values() if len(g) > 1] == []


def pair_row(**changes: str) -> dict[str, str]:
    """The first labelled pair (one report under one number, every field equal), changed."""
    pair = dict(labelled_pairs()[0])
    pair.update(changes)
    return pair


def flags(tmp_path: Path, pair: dict[str, str]) -> list[tuple[int, bool, int | None]]:
    built = build_pairs(tmp_path, [pair])
    return built.rows(
        "select caseid, is_probable_duplicate, probable_duplicate_of from cases order by caseid"
    )


def test_the_copy_kept_is_the_latest_first_receipt(tmp_path):
    pair = pair_row(a_init_fda_dt="20160901", b_init_fda_dt="20160705")
    assert flags(tmp_path, pair) == [(11000011, False, None), (11000012, True, 11000011)]


def test_on_equal_first_receipts_the_highest_caseid_is_kept(tmp_path):
    pair = pair_row(a_init_fda_dt="20160801", b_init_fda_dt="20160801")
    assert flags(tmp_path, pair) == [(11000011, True, 11000012), (11000012, False, None)]


def test_a_manufacturer_number_is_not_a_link_across_senders(tmp_path):
    pair = pair_row(b_mfr_sndr="TEVA", b_age="70", b_sex="M")
    assert [flag for _, flag, _ in flags(tmp_path, pair)] == [False, False]


def test_a_manufacturer_group_holding_both_sexes_is_skipped(tmp_path):
    pair = pair_row(a_sex="F", b_sex="M", b_reactions="Rash")
    assert [flag for _, flag, _ in flags(tmp_path, pair)] == [False, False]


def test_a_manufacturer_group_with_ages_over_two_years_apart_is_skipped(tmp_path):
    pair = pair_row(a_age="30", b_age="33", b_reactions="Rash")
    assert [flag for _, flag, _ in flags(tmp_path, pair)] == [False, False]


def test_one_missing_field_is_tolerated_by_the_case_key(tmp_path):
    pair = pair_row(a_mfr_num="", b_mfr_num="", b_age="")
    assert [flag for _, flag, _ in flags(tmp_path, pair)] == [True, False]


def test_two_missing_or_differing_fields_are_not(tmp_path):
    pair = pair_row(a_mfr_num="", b_mfr_num="", b_age="", b_country="CA")
    assert [flag for _, flag, _ in flags(tmp_path, pair)] == [False, False]


def test_the_case_key_needs_the_same_drugs_and_reactions(tmp_path):
    pair = pair_row(a_mfr_num="", b_mfr_num="", b_reactions="Dissociation")
    assert [flag for _, flag, _ in flags(tmp_path, pair)] == [False, False]


def test_groups_are_joined_transitively(tmp_path):
    """21~22 by number, 21~23 by the case key; 22 and 23 (age and sex missing, two fields)
    meet only through 21: one group of three, one copy kept."""
    landing = Landing(tmp_path)
    base = {field: labelled_pairs()[0][f"a_{field}"] for field in CASE_FIELDS}
    add_case(landing, base | {"caseid": "21", "init_fda_dt": "20160801"})
    add_case(landing, base | {"caseid": "22", "init_fda_dt": "20160802", "age": ""})
    add_case(landing, base | {"caseid": "23", "mfr_num": "", "mfr_sndr": "FDA-CTU",
                              "init_fda_dt": "20160803", "sex": ""})  # fmt: skip
    built = landing.build()
    assert built.rows(
        "select caseid, duplicate_group, duplicate_group_size, probable_duplicate_of "
        "from cases order by caseid"
    ) == [(21, 21, 3, 23), (22, 21, 3, 23), (23, 21, 3, None)]
