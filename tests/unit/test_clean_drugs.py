"""main.drugs: every drug entry of a cleaned report, with its product, role, route and dates."""

from __future__ import annotations

import pytest

from tests.support.clean_records import build, drug, report


def product_of(**names) -> str | None:
    """The product decided for a second drug entry, next to a SPRAVATO that keeps the report."""
    built = build(report(patient={"drug": [drug("SPRAVATO"), names]}))
    return built.one("select product from main.drugs where drug_seq = 2")


@pytest.mark.parametrize(
    ("name", "product"),
    [
        ("KETAMINE (S)-", "esketamine"),
        ("KETAMINE, (S)-", "esketamine"),
        ("S-KETAMINE", "esketamine"),
        ("(S)-KETAMINE HYDROCHLORIDE", "esketamine"),
        ("S(+)-KETAMINE", "esketamine"),
        ("ESKETAMINE HYDROCHLORIDE", "esketamine"),
        ("Esketamine", "esketamine"),
        ("ESKETAMINA", "esketamine"),
        ("KETANEST S", "esketamine"),
        ("SPRAVATO 56 MG DOSE KIT", "esketamine"),
        ("KETALAR", "ketamine"),
        ("KETAMINE", "ketamine"),
        ("KETAMINE HCL", "ketamine"),
        ("ketamine hydrochloride", "ketamine"),
        ("KETAMINE/MIDAZOLAM", "ketamine"),
        ("KETANEST", "ketamine"),
        ("KETOROLAC", None),
        ("KETOTIFEN", None),
        ("KETOCONAZOLE", None),
        ("KETOPROFEN", None),
        ("ARKETAMINE", None),
        ("(R)-KETAMINE", None),
        ("SENNOSIDE                          /00571901/", None),
    ],
)
def test_product_of_tricky_names(name, product):
    assert product_of(medicinalproduct=name) == product


def test_esketamine_in_openfda_generic_name_wins_over_a_plain_ketamine_name():
    entry = {"medicinalproduct": "KETAMINE", "openfda": {"generic_name": ["ESKETAMINE"]}}
    assert product_of(**entry) == "esketamine"


def test_active_substance_names_the_product():
    entry = {
        "medicinalproduct": "NASAL SPRAY",
        "activesubstance": {"activesubstancename": "KETAMINE"},
    }
    assert product_of(**entry) == "ketamine"


def test_openfda_brand_name_names_the_product():
    entry = {"medicinalproduct": "STUDY DRUG", "openfda": {"brand_name": ["KETALAR"]}}
    assert product_of(**entry) == "ketamine"


def test_every_drug_of_the_report_is_kept_with_its_own_role():
    built = build(
        report(
            patient={
                "drug": [
                    drug("SERTRALINE", "1"),
                    drug("KETAMINE", "2"),
                    drug("MIDAZOLAM", "3"),
                    drug("SPRAVATO", "9"),
                ]
            }
        )
    )
    assert built.rows("select drug_seq, medicinal_product, product, role from main.drugs") == [
        (1, "SERTRALINE", None, "suspect"),
        (2, "KETAMINE", "ketamine", "concomitant"),
        (3, "MIDAZOLAM", None, "interacting"),
        (4, "SPRAVATO", "esketamine", None),
    ]


@pytest.mark.parametrize(
    ("code", "route_code", "route"),
    [
        ("045", "045", "nasal"),
        ("45", "045", "nasal"),
        ("042", "042", "intravenous (not otherwise specified)"),
        ("048", "048", "oral"),
        ("057", "057", "subconjunctival"),
        ("999", "999", None),
        ("NASAL", "NASAL", None),
    ],
)
def test_route_code_becomes_label(code, route_code, route):
    built = build(report(patient={"drug": [drug("SPRAVATO", drugadministrationroute=code)]}))
    assert built.one("select route_code, route from main.drugs") == (
        route_code,
        route,
    )


@pytest.mark.parametrize(
    ("raw", "fmt", "date", "precision"),
    [
        ("20170609", "102", "2017-06-09", "day"),
        ("201602", "610", "2016-02-01", "month"),
        ("2009", "602", "2009-01-01", "year"),
        ("20231399", "102", None, None),
        ("00000000", "102", None, None),
    ],
)
def test_drug_start_dates_keep_their_precision(raw, fmt, date, precision):
    entry = drug("SPRAVATO", drugstartdate=raw, drugstartdateformat=fmt)
    built = build(report(patient={"drug": [entry]}))
    got = built.one(
        "select start_date::varchar, start_date_precision, start_date_raw from main.drugs"
    )
    assert got == (date, precision, raw)


def test_unparseable_drug_end_date_keeps_the_report():
    built = build(report(patient={"drug": [drug("SPRAVATO", drugenddate="20231399")]}))
    assert built.funnel.reports == 1
    assert built.one("select end_date, end_date_raw from main.drugs") == (
        None,
        "20231399",
    )


def test_action_taken_code_becomes_label():
    built = build(report(patient={"drug": [drug("SPRAVATO", actiondrug="1")]}))
    assert built.one("select action_taken from main.drugs") == "drug withdrawn"


def test_openfda_names_are_lists():
    entry = drug(
        "KETALAR",
        openfda={
            "generic_name": ["KETAMINE HYDROCHLORIDE"],
            "brand_name": ["KETALAR"],
            "substance_name": ["KETAMINE HYDROCHLORIDE"],
        },
    )
    built = build(report(patient={"drug": [entry]}))
    assert built.one("select generic_names, brand_names from main.drugs") == (
        ["KETAMINE HYDROCHLORIDE"],
        ["KETALAR"],
    )


def test_text_fields_are_trimmed_and_blank_is_null():
    entry = drug("  SPRAVATO  ", drugindication="   ", drugdosagetext=" 56 MG ")
    built = build(report(patient={"drug": [entry]}))
    assert built.one("select medicinal_product, indication, dose_text from main.drugs") == (
        "SPRAVATO",
        None,
        "56 MG",
    )


def test_only_the_kept_version_of_a_report_has_drug_entries():
    built = build(
        report(safetyreportversion="2", patient={"drug": [drug("SPRAVATO"), drug("ZOLOFT")]}),
        report(safetyreportversion="1", patient={"drug": [drug("KETALAR")]}),
        report(safetyreportid="20000002", patient={"drug": [drug("SPRAVATO"), "not a drug"]}),
    )
    assert built.funnel.quarantined == 2
    assert built.rows(
        "select safetyreportid, drug_seq, medicinal_product from main.drugs order by all"
    ) == [("10000001", 1, "SPRAVATO"), ("10000001", 2, "ZOLOFT")]


def test_drugs_keeps_no_build_only_columns_and_a_trimmed_report_id():
    built = build(report(safetyreportid="  10000001 "))
    columns = {
        name
        for (name,) in built.rows(
            "select column_name from duckdb_columns() where table_name = 'drugs'"
        )
    }
    assert {"raw_rowid", "element_json_type"} & columns == set()
    assert built.one("select safetyreportid from main.drugs") == "10000001"
    assert built.report("10000001")["drugs_count"] == 1
