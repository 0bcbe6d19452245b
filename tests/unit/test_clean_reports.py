"""main.reports: one typed, labelled row per case (rules in docs/cleaning-rules.md)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.support.clean_records import DROP, build, drug, report


def age_years(value: str | None, unit: str | None) -> float | None:
    built = build(report(patient={"patientonsetage": value, "patientonsetageunit": unit}))
    return built.report()["age_years"]


def test_age_in_decades_becomes_years():
    assert age_years("3", "800") == 30.0


def test_age_in_years_stays_years():
    assert age_years("42", "801") == 42.0


def test_age_in_months_becomes_years():
    assert age_years("18", "802") == 1.5


def test_age_in_weeks_becomes_years():
    assert age_years("26", "803") == pytest.approx(26 / 52.1775)


def test_age_in_days_becomes_years():
    assert age_years("730.5", "804") == pytest.approx(2.0)


def test_age_in_hours_becomes_years():
    assert age_years("8766", "805") == pytest.approx(1.0)


def test_age_over_120_years_is_null_with_raw_kept():
    built = build(report(patient={"patientonsetage": "130", "patientonsetageunit": "801"}))
    row = built.report()
    assert (row["age_years"], row["age_raw"], row["age_unit_raw"]) == (None, "130", "801")


def test_negative_age_is_null_with_raw_kept():
    built = build(report(patient={"patientonsetage": "-5", "patientonsetageunit": "801"}))
    assert (built.report()["age_years"], built.report()["age_raw"]) == (None, "-5")


def test_age_of_13_decades_is_impossible():
    assert age_years("13", "800") is None


def test_age_without_unit_is_null_with_raw_kept():
    built = build(report(patient={"patientonsetage": "45", "patientonsetageunit": DROP}))
    row = built.report()
    assert (row["age_years"], row["age_raw"], row["age_unit_raw"]) == (None, "45", None)


def test_non_numeric_age_is_null():
    assert age_years("forty", "801") is None


def test_age_sent_as_a_json_number_is_read():
    built = build(report(patient={"patientonsetage": 42, "patientonsetageunit": 801}))
    assert built.report()["age_years"] == 42.0


def test_reported_age_group_wins_over_age():
    built = build(report(patient={"patientagegroup": "6", "patientonsetage": "50"}))
    row = built.report()
    assert (row["age_group"], row["age_group_source"]) == ("elderly", "reported")


@pytest.mark.parametrize(
    ("age", "unit", "group"),
    [
        ("10", "804", "neonate"),
        ("18", "802", "infant"),
        ("11", "801", "child"),
        ("17", "801", "adolescent"),
        ("64", "801", "adult"),
        ("65", "801", "elderly"),
    ],
)
def test_age_group_is_derived_from_age_when_not_reported(age, unit, group):
    built = build(report(patient={"patientonsetage": age, "patientonsetageunit": unit}))
    row = built.report()
    assert (row["age_group"], row["age_group_source"]) == (group, "derived from age_years")


def test_no_age_and_no_group_leaves_age_group_null():
    built = build(report(patient={"patientonsetage": DROP, "patientonsetageunit": DROP}))
    assert (built.report()["age_group"], built.report()["age_group_source"]) == (None, None)


@pytest.mark.parametrize(
    ("code", "sex"), [("1", "male"), ("2", "female"), ("0", "unknown"), ("9", "unknown")]
)
def test_sex_codes_become_labels(code, sex):
    built = build(report(patient={"patientsex": code}))
    assert (built.report()["sex"], built.report()["sex_code"]) == (sex, code)


def test_missing_sex_is_unknown():
    assert build(report(patient={"patientsex": DROP})).report()["sex"] == "unknown"


def test_weight_is_kilograms():
    assert build(report(patient={"patientweight": "71.5"})).report()["weight_kg"] == 71.5


@pytest.mark.parametrize("weight", ["0", "-3", "501", "heavy"])
def test_impossible_weight_is_null_with_raw_kept(weight):
    row = build(report(patient={"patientweight": weight})).report()
    assert (row["weight_kg"], row["weight_raw"]) == (None, weight)


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("1", "physician"),
        ("2", "pharmacist"),
        ("3", "other health professional"),
        ("4", "lawyer"),
        ("5", "consumer"),
        ("7", None),
    ],
)
def test_reporter_qualification_codes_become_labels(code, label):
    built = build(report(primarysource={"qualification": code}))
    assert built.report()["reporter_qualification"] == label


def test_serious_report_lists_each_criterion():
    built = build(report(serious="1", seriousnessdeath="1", seriousnesslifethreatening="1"))
    row = built.report()
    assert row["serious"] is True
    assert row["seriousness_death"] is True
    assert row["seriousness_life_threatening"] is True
    assert row["seriousness_hospitalization"] is True
    assert row["seriousness_disabling"] is False
    assert row["seriousness_congenital_anomaly"] is False
    assert row["seriousness_other"] is False


def test_non_serious_report_is_false():
    built = build(report(serious="2", seriousnesshospitalization=DROP))
    assert (built.report()["serious"], built.report()["seriousness_hospitalization"]) == (
        False,
        False,
    )


def test_report_type_code_becomes_label():
    assert build(report(reporttype="2")).report()["report_type"] == "report from study"


def test_country_is_occurcountry_first():
    row = build(report(occurcountry="HU", primarysourcecountry="US")).report()
    assert (row["country"], row["country_iso2"]) == ("HU", "HU")


def test_country_falls_back_to_reporter_country_name_with_iso_code():
    built = build(
        report(
            occurcountry=DROP,
            primarysourcecountry=DROP,
            primarysource={"qualification": "3", "reportercountry": "CANADA"},
        )
    )
    assert (built.report()["country"], built.report()["country_iso2"]) == ("CANADA", "CA")


def test_full_receivedate_has_day_precision():
    row = build(report(receivedate="20210215")).report()
    assert (str(row["receive_date"]), row["receive_date_precision"]) == ("2021-02-15", "day")


def test_receivedate_of_year_and_month_has_month_precision():
    row = build(report(receivedate="202102", receivedateformat="610")).report()
    assert (str(row["receive_date"]), row["receive_date_precision"]) == ("2021-02-01", "month")


def test_receivedate_of_year_only_has_year_precision():
    row = build(report(receivedate="2021", receivedateformat="602")).report()
    assert (str(row["receive_date"]), row["receive_date_precision"]) == ("2021-01-01", "year")


def test_unparseable_receiptdate_is_null_and_does_not_quarantine():
    built = build(report(receiptdate="20211340"))
    row = built.report()
    assert (row["receipt_date"], row["receipt_date_raw"]) == (None, "20211340")


def test_future_receiptdate_is_null_with_raw_kept():
    tomorrow = (date.today() + timedelta(days=1)).strftime("%Y%m%d")
    built = build(report(receiptdate=tomorrow))
    row = built.report()
    assert (row["receipt_date"], row["receipt_date_precision"], row["receipt_date_raw"]) == (
        None,
        None,
        tomorrow,
    )
    assert built.funnel.quarantined == 0


def test_receiptdate_before_1990_is_null_with_raw_kept():
    row = build(report(receiptdate="19891231")).report()
    assert (row["receipt_date"], row["receipt_date_raw"]) == (None, "19891231")


def test_receiptdate_of_today_is_kept():
    today = date.today()
    row = build(report(receiptdate=today.strftime("%Y%m%d"))).report()
    assert (row["receipt_date"], row["receipt_date_precision"]) == (today, "day")


@pytest.mark.parametrize("version", ["0x10", "2.5", "1e1", "-1", "+2", "1_0"])
def test_version_that_is_not_plain_digits_is_null(version):
    assert build(report(safetyreportversion=version)).report()["safetyreportversion"] is None


def test_version_of_plain_digits_is_its_number():
    assert build(report(safetyreportversion=" 010 ")).report()["safetyreportversion"] == 10


def test_quarter_comes_from_the_raw_partition():
    assert build(report(), quarter="2021Q1").report()["quarter"] == "2021Q1"


def test_products_list_both_medicines_sorted():
    built = build(report(patient={"drug": [drug("KETALAR", "2"), drug("SPRAVATO", "1")]}))
    assert built.report()["products"] == ["esketamine", "ketamine"]


def test_products_ignore_other_drugs():
    built = build(report(patient={"drug": [drug("KETOROLAC"), drug("KETAMINE HCL", "3")]}))
    assert built.report()["products"] == ["ketamine"]
    assert built.report()["drugs_count"] == 2


def test_case_event_date_is_the_event_date():
    built = build(
        report(patient={"summary": {"narrativeincludeclinical": "CASE EVENT DATE: 20210110"}})
    )
    row = built.report()
    assert (str(row["event_date"]), row["event_date_source"]) == ("2021-01-10", "case event date")


def _twin(safetyreportid: str, **fields) -> dict:
    return report(safetyreportid=safetyreportid, **fields)


def test_probable_duplicates_flag_all_but_the_earliest_lowest_id():
    built = build(_twin("10000003"), _twin("10000001"), _twin("10000002"))
    flags = built.rows(
        "select safetyreportid, is_probable_duplicate, probable_duplicate_of"
        " from main.reports order by safetyreportid"
    )
    assert flags == [
        ("10000001", False, None),
        ("10000002", True, "10000001"),
        ("10000003", True, "10000001"),
    ]
    assert built.funnel.probable_duplicates == 2


def test_earliest_receive_date_represents_a_duplicate_group():
    event = {"summary": {"narrativeincludeclinical": "CASE EVENT DATE: 20210110"}}
    built = build(
        report(safetyreportid="10000001", receivedate="20210301", patient=event),
        report(safetyreportid="10000002", receivedate="20210215", patient=event),
    )
    assert built.report("10000001")["is_probable_duplicate"] is True
    assert built.report("10000002")["is_probable_duplicate"] is False


def test_duplicate_drugs_are_matched_by_product_not_spelling():
    spravato = _twin("10000001")
    esketamine = _twin("10000002", patient={"drug": [drug("ESKETAMINE HYDROCHLORIDE")]})
    esketamine["patient"].update({k: v for k, v in spravato["patient"].items() if k != "drug"})
    built = build(spravato, esketamine)
    assert built.report("10000002")["is_probable_duplicate"] is True


@pytest.mark.parametrize(
    "difference",
    [
        {"patient": {"patientonsetage": "31"}},
        {"patient": {"patientsex": "1"}},
        {"occurcountry": "FR"},
        {"receivedate": "20210216"},
        {"patient": {"reaction": [{"reactionmeddrapt": "Sedation"}]}},
        {"patient": {"drug": [drug("SPRAVATO"), drug("SERTRALINE", "2")]}},
    ],
)
def test_reports_differing_in_one_key_are_not_duplicates(difference):
    patient = difference.pop("patient", None)
    built = build(
        _twin("10000001"), report(patient=patient, safetyreportid="10000002", **difference)
    )
    assert built.one("select count(*) from main.reports where is_probable_duplicate") == 0


@pytest.mark.parametrize(
    "missing",
    [
        {"patientonsetage": DROP},
        {"patientsex": "0"},
        {"reaction": []},
    ],
)
def test_reports_missing_a_key_are_never_duplicates(missing):
    built = build(
        report(safetyreportid="10000001", patient=missing),
        report(safetyreportid="10000002", patient=missing),
    )
    assert built.one("select count(*) from main.reports where is_probable_duplicate") == 0


def test_reports_without_country_are_never_duplicates():
    no_country = {
        "occurcountry": DROP,
        "primarysourcecountry": DROP,
        "primarysource": {"qualification": "1"},
    }
    built = build(
        report(safetyreportid="10000001", **no_country),
        report(safetyreportid="10000002", **no_country),
    )
    assert built.one("select count(*) from main.reports where is_probable_duplicate") == 0


def test_two_character_country_that_is_not_letters_has_no_iso_code():
    row = build(report(occurcountry="12")).report()
    assert (row["country"], row["country_iso2"]) == ("12", None)
