"""The SYNTHETIC sample corpus: deterministic, shaped like openFDA, and holding every case the
pipeline must cope with."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from standins.sample import (
    AWKWARD_RECORDS,
    BIG_QUARTER,
    EMPTY_QUARTERS,
    ESKETAMINE_FIRST_DAY,
    NO_RECORD_QUARTERS,
    AwkwardRecord,
    awkward_record_ids,
    corpus_summary,
    generate_sample_corpus,
    iter_sample_records,
    load_real_background,
    products_named,
)
from standins.sample import vocabulary as vocab

TODAY = date(2025, 8, 15)  # fixed, so the tests never depend on the clock

# openFDA's drug/event fields (docs/sources/openfda-api-notes.md section 8).
TOP_LEVEL_FIELDS = set(
    "safetyreportid safetyreportversion receivedate receivedateformat receiptdate"
    " receiptdateformat transmissiondate transmissiondateformat serious seriousnessdeath"
    " seriousnesslifethreatening seriousnesshospitalization seriousnessdisabling"
    " seriousnesscongenitalanomali seriousnessother fulfillexpeditecriteria companynumb"
    " authoritynumb duplicate reportduplicate occurcountry primarysourcecountry primarysource"
    " sender receiver reporttype patient".split()
)
PATIENT_FIELDS = set(
    "patientonsetage patientonsetageunit patientagegroup patientsex patientweight patientdeath"
    " summary reaction drug".split()
)
DRUG_FIELDS = set(
    "medicinalproduct drugcharacterization drugauthorizationnumb drugadministrationroute"
    " drugindication drugdosagetext drugdosageform drugstructuredosagenumb"
    " drugstructuredosageunit drugseparatedosagenumb drugintervaldosageunitnumb"
    " drugintervaldosagedefinition drugcumulativedosagenumb drugcumulativedosageunit"
    " drugstartdate drugstartdateformat drugenddate drugenddateformat drugtreatmentduration"
    " drugtreatmentdurationunit drugbatchnumb actiondrug drugadditional"
    " drugrecurreadministration drugrecurrence activesubstance openfda".split()
)
# Where real records carry JSON null (5801206-7 and two crhntr records).
NULLABLE_PATHS = {
    "receiver",
    "patient.patientonsetage",
    "patient.patientdeath.patientdeathdate",
    "patient.patientdeath.patientdeathdateformat",
}


@pytest.fixture(scope="module")
def timed_corpus() -> tuple[list[dict[str, Any]], float]:
    started = time.perf_counter()
    records = generate_sample_corpus(today=TODAY)
    return records, time.perf_counter() - started


@pytest.fixture(scope="module")
def corpus(timed_corpus: tuple[list[dict[str, Any]], float]) -> list[dict[str, Any]]:
    return timed_corpus[0]


@pytest.fixture(scope="module")
def named(corpus: list[dict[str, Any]]) -> list[set[str]]:
    """products_named of each record, in corpus order."""
    return [products_named(record) for record in corpus]


@pytest.fixture(scope="module")
def summary(corpus: list[dict[str, Any]]) -> dict[str, Any]:
    return corpus_summary(corpus, today=TODAY)


def drugs_of(record: dict[str, Any]) -> list[dict[str, Any]]:
    drugs = record.get("patient", {}).get("drug", [])
    return [drugs] if isinstance(drugs, dict) else drugs


@pytest.fixture(scope="module")
def entries(corpus: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Drug entries naming exactly one product, by product."""
    by_product: dict[str, list[dict[str, Any]]] = {"ketamine": [], "esketamine": []}
    for record in corpus:
        for drug in drugs_of(record):
            named = products_named({"patient": {"drug": [drug]}})
            if len(named) == 1:
                by_product[named.pop()].append(drug)
    return by_product


def find_awkward(corpus: list[dict[str, Any]], awk: AwkwardRecord) -> dict[str, Any]:
    found = [
        r
        for r in corpus
        if r.get("companynumb") == awk.companynumb
        and r.get("safetyreportversion") == awk.safetyreportversion
    ]
    assert len(found) == 1, f"{awk.name}: found {len(found)} records"
    return found[0]


def awkward(corpus: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return find_awkward(corpus, next(a for a in AWKWARD_RECORDS if a.name == name))


def non_string_scalars(record: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """(path, value) of every scalar that is not a string; lists add nothing to the path."""
    stack: list[tuple[str, Any]] = [("", record)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((f"{path}.{k}" if path else k, v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((path, v) for v in value)
        elif not isinstance(value, str):
            yield path, value


# --- determinism and size ----------------------------------------------------------------
def test_same_arguments_give_byte_identical_json() -> None:
    first = json.dumps(generate_sample_corpus(today=TODAY, scale=0.1))
    second = json.dumps(generate_sample_corpus(today=TODAY, scale=0.1))
    assert first == second


def test_output_does_not_depend_on_the_process_hash_seed() -> None:
    code = (
        "import json, sys, datetime;"
        "from standins.sample import generate_sample_corpus as g;"
        "sys.stdout.write(json.dumps(g(today=datetime.date(2025, 8, 15), scale=0.02)))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert other == json.dumps(generate_sample_corpus(today=TODAY, scale=0.02))


def test_another_seed_gives_another_corpus() -> None:
    one = generate_sample_corpus(today=TODAY, scale=0.05)
    other = generate_sample_corpus(seed=7, today=TODAY, scale=0.05)
    assert json.dumps(one) != json.dumps(other)


def test_stream_yields_what_the_list_holds() -> None:
    streamed = list(iter_sample_records(today=TODAY, scale=0.05))
    assert streamed == generate_sample_corpus(today=TODAY, scale=0.05)


def test_generation_time_is_noted(
    timed_corpus: tuple[list[dict[str, Any]], float], record_property: Any
) -> None:
    records, seconds = timed_corpus
    record_property("generation_seconds", round(seconds, 2))
    print(f"generated {len(records)} records in {seconds:.2f} s")
    assert records


def test_about_40000_reports_name_ketamine_or_esketamine(summary: dict[str, Any]) -> None:
    assert 35_000 <= summary["matching"] <= 45_000  # grows ~500 per quarter after TODAY
    assert 25_000 <= summary["background"] <= 40_000


def test_scale_multiplies_the_generated_counts() -> None:
    small = corpus_summary(generate_sample_corpus(today=TODAY, scale=0.1))
    assert 3_500 <= small["matching"] <= 4_500


def test_summary_says_synthetic(summary: dict[str, Any]) -> None:
    assert summary["synthetic"] is True


# --- quarters ----------------------------------------------------------------------------
def test_one_recent_quarter_holds_more_than_25000_matching_reports(
    summary: dict[str, Any],
) -> None:
    over_cap = [q for q, c in summary["quarters"].items() if c["matching"] > 25_000]
    assert over_cap == [BIG_QUARTER] == ["2023Q1"]


def test_other_quarters_stay_small(summary: dict[str, Any]) -> None:
    others = [c["records"] for q, c in summary["quarters"].items() if q != BIG_QUARTER]
    assert max(others) < 1_000


def test_some_quarters_hold_no_matching_report(summary: dict[str, Any]) -> None:
    assert set(EMPTY_QUARTERS) <= set(summary["empty_quarters"])
    for quarter in NO_RECORD_QUARTERS:
        assert summary["quarters"][quarter]["records"] == 0


def test_quarters_run_from_2004q1_to_the_quarter_of_today(corpus: list[dict[str, Any]]) -> None:
    received = [r["receivedate"] for r in corpus]
    assert min(received).startswith("2004")
    assert max(received) <= TODAY.strftime("%Y%m%d")
    assert max(received) >= "20250701"  # the running quarter has reports already


def test_matching_reports_grow_over_time(summary: dict[str, Any]) -> None:
    q = summary["quarters"]
    early = sum(q[f"2005Q{i}"]["matching"] for i in range(1, 5))
    late = sum(q[f"2024Q{i}"]["matching"] for i in range(1, 5))
    assert late > 5 * early


def test_no_esketamine_report_before_spravato_approval(
    corpus: list[dict[str, Any]], named: list[set[str]]
) -> None:
    first = date.fromordinal(ESKETAMINE_FIRST_DAY).strftime("%Y%m%d")
    pairs = zip(corpus, named, strict=True)
    esketamine = [r["receivedate"] for r, products in pairs if "esketamine" in products]
    assert esketamine and min(esketamine) >= first


def test_today_bounds_every_date() -> None:
    today = date(2024, 2, 10)
    records = generate_sample_corpus(today=today, scale=0.05)
    limit = today.strftime("%Y%m%d")
    for record in records:
        for key in ("receivedate", "receiptdate", "transmissiondate"):
            assert record[key] <= limit or not record[key].isdigit()
    names = {r.get("companynumb") for r in records}
    late = [a for a in AWKWARD_RECORDS if a.receivedate > today]
    assert late and not any(a.companynumb in names for a in late)


# --- record shape ------------------------------------------------------------------------
def test_all_scalar_values_are_strings(corpus: list[dict[str, Any]]) -> None:
    odd = Counter(
        (path, type(value).__name__)
        for record in corpus
        for path, value in non_string_scalars(record)
        if not (value is None and path in NULLABLE_PATHS)
    )
    assert not odd


def test_openfda_values_are_lists_of_strings(corpus: list[dict[str, Any]]) -> None:
    blocks = [d["openfda"] for r in corpus for d in drugs_of(r) if "openfda" in d]
    assert blocks
    for block in blocks:
        assert all(
            isinstance(v, list) and all(isinstance(s, str) for s in v) for v in block.values()
        )


def test_records_carry_only_openfda_fields(corpus: list[dict[str, Any]]) -> None:
    for record in corpus:
        assert set(record) <= TOP_LEVEL_FIELDS
        assert set(record["patient"]) <= PATIENT_FIELDS
        for drug in drugs_of(record):
            assert set(drug) <= DRUG_FIELDS


def test_safetyreportids_are_unique_except_the_version_pair(corpus: list[dict[str, Any]]) -> None:
    ids = Counter(r["safetyreportid"] for r in corpus if "safetyreportid" in r)
    repeated = {rid for rid, n in ids.items() if n > 1}
    assert repeated == {awkward_record_ids()["version_pair_v1"]}


def test_both_safetyreportid_styles_appear(corpus: list[dict[str, Any]]) -> None:
    ids = [r["safetyreportid"] for r in corpus if "safetyreportid" in r]
    old = [i for i in ids if re.fullmatch(r"\d{7}-\d", i)]
    new = [i for i in ids if re.fullmatch(r"\d{8}", i)]
    assert len(old) + len(new) == len(ids)
    assert 0 < len(old) < len(new)


def test_countries_mix_iso_codes_and_names(corpus: list[dict[str, Any]]) -> None:
    countries = {r.get("occurcountry") for r in corpus} | {
        r.get("primarysourcecountry") for r in corpus
    }
    assert {"US", "GB", "CANADA", "UNITED STATES"} <= countries


def test_legacy_reports_look_like_aers(corpus: list[dict[str, Any]]) -> None:
    legacy = [r for r in corpus if r["receivedate"] < "20130101"]
    assert any(r["receiver"] is None for r in legacy)
    for record in legacy:
        for reaction in record["patient"].get("reaction", []):
            assert reaction["reactionmeddrapt"] == reaction["reactionmeddrapt"].upper()
            assert "reactionmeddraversionpt" not in reaction or record["safetyreportid"].isdigit()


def test_modern_reports_use_meddra_case_and_versions(corpus: list[dict[str, Any]]) -> None:
    modern = [r for r in corpus if r["receivedate"] >= "20200101"]
    terms = {x["reactionmeddrapt"] for r in modern for x in r["patient"].get("reaction", [])}
    assert {"Blood pressure increased", "Dissociation", "Sedation"} <= terms
    versions = {
        x.get("reactionmeddraversionpt") for r in modern for x in r["patient"].get("reaction", [])
    }
    assert "26.0" in versions or "26.1" in versions


def test_every_age_unit_appears_and_some_ages_are_odd(corpus: list[dict[str, Any]]) -> None:
    patients = [r["patient"] for r in corpus]
    units = {p.get("patientonsetageunit") for p in patients}
    assert {"800", "801", "802", "803", "804", "805", None} <= units
    assert any("patientonsetage" in p and p["patientonsetage"] is None for p in patients)
    ages = {p.get("patientonsetage") for p in patients if p.get("patientonsetageunit") == "801"}
    assert {"-5", "150"} <= ages


def test_every_sex_code_appears(corpus: list[dict[str, Any]]) -> None:
    assert {r["patient"].get("patientsex") for r in corpus} == {"0", "1", "2", None}


def test_weights_are_kilogram_strings(corpus: list[dict[str, Any]]) -> None:
    weights = [r["patient"]["patientweight"] for r in corpus if "patientweight" in r["patient"]]
    assert any(re.fullmatch(r"\d+\.\d\d", w) for w in weights)
    assert all(re.fullmatch(r"\d+(\.\d+)?", w) for w in weights)


def test_every_reaction_outcome_appears(corpus: list[dict[str, Any]]) -> None:
    outcomes = {x.get("reactionoutcome") for r in corpus for x in r["patient"].get("reaction", [])}
    assert {"1", "2", "3", "4", "5", "6", None} <= outcomes


# --- drugs -------------------------------------------------------------------------------
@pytest.mark.parametrize("product", ["ketamine", "esketamine"])
def test_every_drug_role_appears_for_both_products(
    entries: dict[str, list[dict[str, Any]]], product: str
) -> None:
    roles = {d["drugcharacterization"] for d in entries[product]}
    assert roles == {"1", "2", "3"}


def test_both_products_are_written_many_ways(corpus: list[dict[str, Any]]) -> None:
    names = {d["medicinalproduct"] for r in corpus for d in drugs_of(r)}
    assert {
        "KETAMINE",
        "KETAMINE HCL",
        "KETAMINE HYDROCHLORIDE",
        "Ketalar",
        "KETALAR",
        "ketamine 50mg/ml",
        "SPRAVATO",
        "Spravato",
        "ESKETAMINE",
        "ESKETAMINE HYDROCHLORIDE",
        "S-KETAMINE",
        "KETAMINE (S)-",
        "KETANEST S",
    } <= names


def test_s_enantiomer_spellings_with_the_ketamine_token_are_a_small_share(
    entries: dict[str, list[dict[str, Any]]],
) -> None:
    names = Counter(d["medicinalproduct"] for d in entries["esketamine"])
    tricky = names["S-KETAMINE"] + names["KETAMINE (S)-"]
    assert 0 < tricky < 0.05 * sum(names.values())


def test_products_carry_substance_routes_and_some_openfda_blocks(
    entries: dict[str, list[dict[str, Any]]],
) -> None:
    for product, substance, route, brand in (
        ("ketamine", "KETAMINE HYDROCHLORIDE", "042", "KETALAR"),
        ("esketamine", "ESKETAMINE HYDROCHLORIDE", "045", "SPRAVATO"),
    ):
        drugs = entries[product]
        substances = {d.get("activesubstance", {}).get("activesubstancename") for d in drugs}
        assert substance in substances
        assert route in {d.get("drugadministrationroute") for d in drugs}
        with_openfda = [d for d in drugs if "openfda" in d]
        assert 0 < len(with_openfda) < len(drugs) / 2
        assert any(d["openfda"]["brand_name"] == [brand] for d in with_openfda)


def test_some_reports_name_both_products(summary: dict[str, Any]) -> None:
    assert summary["both"] > 0


def test_look_alike_drugs_appear_and_are_not_ketamine(corpus: list[dict[str, Any]]) -> None:
    names = {d["medicinalproduct"] for r in corpus for d in drugs_of(r)}
    assert {"KETOTIFEN", "KETOROLAC", "KETOCONAZOLE"} <= names
    for name in ("KETOTIFEN", "KETOROLAC", "KETOCONAZOLE"):
        assert products_named({"patient": {"drug": [{"medicinalproduct": name}]}}) == set()


def test_concomitant_drugs_appear(corpus: list[dict[str, Any]]) -> None:
    names = {d["medicinalproduct"] for r in corpus for d in drugs_of(r)}
    assert {"SERTRALINE", "MIDAZOLAM", "PROPOFOL"} <= names


@pytest.mark.parametrize(
    ("fmt", "pattern"), [("102", r"\d{8}"), ("610", r"\d{6}"), ("602", r"\d{4}")]
)
def test_each_partial_date_format_appears_with_its_length(
    corpus: list[dict[str, Any]], fmt: str, pattern: str
) -> None:
    dates = [
        d[f"drug{kind}date"]
        for r in corpus
        for d in drugs_of(r)
        for kind in ("start", "end")
        if d.get(f"drug{kind}dateformat") == fmt
    ]
    assert dates
    assert all(re.fullmatch(pattern, value) for value in dates)


# --- what the signals need ---------------------------------------------------------------
def _share_with_terms(records: list[dict[str, Any]], terms: tuple[str, ...]) -> float:
    wanted = {t.upper() for t in terms}
    hits = sum(
        1
        for r in records
        if wanted & {x["reactionmeddrapt"].upper() for x in r["patient"].get("reaction", [])}
    )
    return hits / len(records)


def test_esketamine_is_enriched_in_dissociation_and_ketamine_in_abuse(
    corpus: list[dict[str, Any]], named: list[set[str]]
) -> None:
    by_product: dict[str, list[dict[str, Any]]] = {"ketamine": [], "esketamine": [], "": []}
    for record, products in zip(corpus, named, strict=True):
        for product in products or {""}:
            by_product[product].append(record)
    background = by_product[""]
    dissociation = vocab.DISSOCIATION_TERMS
    assert _share_with_terms(by_product["esketamine"], dissociation) > 10 * _share_with_terms(
        background, dissociation
    )
    assert _share_with_terms(by_product["esketamine"], ("Sedation",)) > 5 * _share_with_terms(
        background, ("Sedation",)
    )
    assert _share_with_terms(by_product["ketamine"], vocab.ABUSE_TERMS) > 5 * _share_with_terms(
        background, vocab.ABUSE_TERMS
    )


# --- real background ---------------------------------------------------------------------
def test_real_records_are_served_unchanged(corpus: list[dict[str, Any]]) -> None:
    real = load_real_background()
    assert len(real) == 30
    by_id = {r.get("safetyreportid"): r for r in corpus}
    for record in real:
        assert by_id[record["safetyreportid"]] == record
        assert not products_named(record)


# --- awkward records ---------------------------------------------------------------------
def test_every_awkward_record_is_present_searchable_and_validly_received(
    corpus: list[dict[str, Any]],
) -> None:
    for awk in AWKWARD_RECORDS:
        record = find_awkward(corpus, awk)
        assert record["receivedate"] == awk.receivedate.strftime("%Y%m%d")
        assert products_named(record), awk.name
        assert record.get("safetyreportid") == awk.safetyreportid


def test_awkward_record_without_safetyreportid(corpus: list[dict[str, Any]]) -> None:
    assert "safetyreportid" not in awkward(corpus, "missing_safetyreportid")
    assert awkward_record_ids()["missing_safetyreportid"] is None


def test_awkward_record_with_drug_as_object(corpus: list[dict[str, Any]]) -> None:
    drug = awkward(corpus, "drug_is_object")["patient"]["drug"]
    assert isinstance(drug, dict)
    assert products_named({"patient": {"drug": [drug]}})


def test_awkward_record_without_reactions(corpus: list[dict[str, Any]]) -> None:
    assert "reaction" not in awkward(corpus, "reaction_missing")["patient"]


@pytest.mark.parametrize(
    ("name", "value"),
    [("drugstartdate_invalid_month", "20231399"), ("drugstartdate_all_zeros", "00000000")],
)
def test_awkward_drug_start_dates(corpus: list[dict[str, Any]], name: str, value: str) -> None:
    drug = awkward(corpus, name)["patient"]["drug"][0]
    assert (drug["drugstartdate"], drug["drugstartdateformat"]) == (value, "102")
    assert products_named({"patient": {"drug": [drug]}})


def test_awkward_unparseable_receiptdate(corpus: list[dict[str, Any]]) -> None:
    record = awkward(corpus, "receiptdate_unparseable")
    assert not record["receiptdate"].isdigit()
    assert record["receivedate"].isdigit()


def test_awkward_script_in_drug_name(corpus: list[dict[str, Any]]) -> None:
    names = [d["medicinalproduct"] for d in drugs_of(awkward(corpus, "script_in_drug_name"))]
    assert '<script>alert("x")</script> KETAMINE' in names


def test_awkward_version_pair_shares_an_id(corpus: list[dict[str, Any]]) -> None:
    first = awkward(corpus, "version_pair_v1")
    second = awkward(corpus, "version_pair_v2")
    assert first["safetyreportid"] == second["safetyreportid"]
    assert (first["safetyreportversion"], second["safetyreportversion"]) == ("1", "2")
    assert first["receivedate"] == second["receivedate"]
    assert second["receiptdate"] > first["receiptdate"]
    assert len(second["patient"]["reaction"]) == len(first["patient"]["reaction"]) + 1


@pytest.mark.parametrize("cluster", ["a", "b"])
def test_awkward_probable_duplicates_share_the_case_facts(
    corpus: list[dict[str, Any]], cluster: str
) -> None:
    members = [
        find_awkward(corpus, a)
        for a in AWKWARD_RECORDS
        if a.name.startswith(f"probable_duplicate_{cluster}")
    ]
    assert len(members) >= 2

    def facts(record: dict[str, Any]) -> tuple[Any, ...]:
        patient = record["patient"]
        return (
            patient["summary"]["narrativeincludeclinical"],
            patient["patientonsetage"],
            patient["patientsex"],
            record["occurcountry"],
            sorted(d["medicinalproduct"] for d in patient["drug"]),
            sorted(x["reactionmeddrapt"] for x in patient["reaction"]),
        )

    assert len({json.dumps(facts(m)) for m in members}) == 1
    assert len({m["safetyreportid"] for m in members}) == len(members)
    assert len({m["companynumb"] for m in members}) == len(members)
