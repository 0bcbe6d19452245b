"""main.quarantine and the funnel: every raw record is a report or a quarantine row."""

from __future__ import annotations

import json

import pytest

from ketamine_faers.clean_model import build_clean_tables
from tests.support.clean_records import DROP, build, drug, land, raw_connection, report


def reason_of(record) -> tuple[str, str]:
    built = build(record)
    assert built.funnel.reports == 0
    return built.one("select reason_code, reason from main.quarantine")


def test_record_that_is_not_an_object_is_quarantined():
    assert reason_of([report()]) == (
        "not_an_object",
        "record is not a JSON object (found ARRAY)",
    )


def test_record_that_is_a_bare_string_is_quarantined():
    assert reason_of('"just text"')[1] == "record is not a JSON object (found VARCHAR)"


def test_missing_safetyreportid_is_quarantined():
    assert reason_of(report(safetyreportid=DROP)) == (
        "missing_safetyreportid",
        "missing safetyreportid",
    )


def test_null_safetyreportid_is_quarantined():
    assert reason_of(report(safetyreportid=None))[0] == "missing_safetyreportid"


def test_safetyreportid_that_is_an_object_is_quarantined():
    code, reason = reason_of(report(safetyreportid={"id": "1"}))
    assert code == "invalid_safetyreportid"
    assert reason.startswith("safetyreportid is not a valid id: {")


def test_numeric_safetyreportid_is_read_as_its_digits():
    built = build(report(safetyreportid=10003860))
    assert built.report("10003860")["safetyreportid"] == "10003860"


def test_old_style_safetyreportid_is_valid():
    assert build(report(safetyreportid="5801206-7")).funnel.reports == 1


def test_missing_receivedate_is_quarantined():
    assert reason_of(report(receivedate=DROP)) == ("missing_receivedate", "missing receivedate")


def test_impossible_receivedate_is_quarantined_with_its_value():
    assert reason_of(report(receivedate="20231399")) == (
        "invalid_receivedate",
        "receivedate not a valid date: 20231399",
    )


def test_receivedate_outside_the_fetched_quarter_is_quarantined():
    assert reason_of(report(receivedate="20210405")) == (
        "receivedate_outside_quarter",
        "receivedate 20210405 is outside the fetched quarter 2021Q1",
    )


def test_receivedate_before_the_fetched_quarter_is_quarantined():
    built = build(report(receivedate="20201231"))
    assert built.one("select reason_code from main.quarantine") == "receivedate_outside_quarter"


def test_receivedate_on_the_quarter_bounds_is_kept():
    built = build(
        report(safetyreportid="1", receivedate="20210101"),
        report(safetyreportid="2", receivedate="20210331"),
        report(safetyreportid="3", receivedate="202103"),
    )
    assert built.funnel.reports == 3


def test_year_only_receivedate_counts_as_the_first_of_january():
    built = build(report(receivedate="2021"), quarter="2021Q2")
    assert built.one("select reason_code from main.quarantine") == "receivedate_outside_quarter"


def test_future_receivedate_is_quarantined():
    built = build(report(receivedate="20991231"), quarter="2099Q4")
    assert built.funnel.reports == 0
    assert built.one("select reason_code, reason from main.quarantine") == (
        "future_receivedate",
        "receivedate is after the build date: 20991231",
    )


def test_copy_outside_its_quarter_does_not_supersede_the_copy_in_its_quarter():
    con = raw_connection()
    land(con, [report(receivedate="20210215")], quarter="2021Q1", fetched_at="2024-01-01")
    land(con, [report(receivedate="20210215")], quarter="2021Q2", fetched_at="2024-06-01")
    funnel = build_clean_tables(con)
    assert con.execute("select quarter from main.reports").fetchall() == [("2021Q1",)]
    assert con.execute("select quarter, reason_code from main.quarantine").fetchall() == [
        ("2021Q2", "receivedate_outside_quarter")
    ]
    assert funnel.reconciles


def _with_duplicate(record: dict, path: str, key: str, value: object) -> str:
    """The record as JSON text with ``key`` sent a second time (``value``) in the object at
    ``path`` ('' for the record, 'patient', 'patient.drug.0', ...)."""
    text = json.dumps(record)
    target = record
    for part in [p for p in path.split(".") if p]:
        target = target[int(part)] if isinstance(target, list) else target[part]
    inner = json.dumps(target)
    twice = inner[:-1] + f", {json.dumps(key)}: {json.dumps(value)}" + "}"
    assert text.count(inner) == 1
    return text.replace(inner, twice)


@pytest.mark.parametrize(
    ("path", "key", "named"),
    [
        ("", "receivedate", "receivedate"),
        ("", "safetyreportid", "safetyreportid"),
        ("patient", "patientsex", "patient.patientsex"),
        ("primarysource", "qualification", "primarysource.qualification"),
        ("patient.drug.0", "medicinalproduct", "patient.drug[1].medicinalproduct"),
        ("patient.drug.1", "drugcharacterization", "patient.drug[2].drugcharacterization"),
        ("patient.drug.1.openfda", "generic_name", "patient.drug[2].openfda.generic_name"),
        ("patient.reaction.0", "reactionmeddrapt", "patient.reaction[1].reactionmeddrapt"),
    ],
)
def test_record_with_a_duplicate_key_is_quarantined_naming_the_key(path, key, named):
    record = report(
        patient={
            "drug": [
                drug("SPRAVATO"),
                drug("KETALAR", "2", openfda={"generic_name": ["KETAMINE"]}),
            ]
        }
    )
    built = build(_with_duplicate(record, path, key, ["x"] if key == "generic_name" else "9"))
    assert built.funnel.reports == 0
    assert built.one("select reason_code, reason from main.quarantine") == (
        "duplicate_keys",
        f"duplicate key in the record: {named}",
    )


def test_duplicate_key_is_found_beyond_the_eighth_drug_and_reaction():
    drugs = [drug("SPRAVATO")] + [drug(f"DRUG {i}", "2") for i in range(11)]
    reactions = [{"reactionmeddrapt": f"Term {i}"} for i in range(10)]
    record = report(patient={"drug": drugs, "reaction": reactions})
    text = _with_duplicate(record, "patient.drug.11", "medicinalproduct", "x")
    text = text.replace('"Term 9"}', '"Term 9", "reactionmeddrapt": "y"}')
    built = build(text)
    assert built.one("select reason from main.quarantine") == (
        "duplicate key in the record: patient.drug[12].medicinalproduct and 1 more"
    )
    assert build(report(patient={"drug": drugs, "reaction": reactions})).funnel.reports == 1


def test_duplicate_keys_keep_the_id_unless_the_id_is_the_duplicate():
    record = report(safetyreportid="42")
    built = build(
        _with_duplicate(record, "", "receivedate", "20210216"),
        _with_duplicate(report(safetyreportid="43"), "", "safetyreportid", "44"),
    )
    assert built.rows("select record_seq, safetyreportid from main.quarantine order by 1") == [
        (1, "42"),
        (2, None),
    ]


def test_record_with_duplicate_keys_is_kept_verbatim():
    text = _with_duplicate(report(), "", "receivedate", "20210216")
    stored = build(text).one("select record from main.quarantine")
    assert stored.count('"receivedate"') == 2


def test_record_with_duplicate_keys_does_not_supersede_an_older_copy():
    built = build(
        _with_duplicate(report(safetyreportversion="2"), "", "receivedate", "20210216"),
        report(safetyreportversion="1"),
    )
    assert built.report()["safetyreportversion"] == 1
    assert built.one("select reason_code from main.quarantine") == "duplicate_keys"


def test_duplicate_keys_in_objects_not_read_do_not_quarantine():
    text = _with_duplicate(report(receiver={"receivertype": "6"}), "receiver", "receivertype", "7")
    assert build(text).funnel.reports == 1


@pytest.mark.parametrize("version", ["0x10", "2.5", "1e1"])
def test_version_that_is_not_plain_digits_counts_lowest(version):
    built = build(report(safetyreportversion=version), report(safetyreportversion="2"))
    assert built.report()["safetyreportversion"] == 2
    assert built.one("select record_seq, reason from main.quarantine") == (
        1,
        "superseded by version 2 of the same safetyreportid",
    )


def test_missing_patient_is_quarantined():
    assert reason_of(report(patient=None) | {"patient": None})[0] == "missing_patient"


def test_patient_that_is_a_list_is_quarantined():
    assert reason_of(report() | {"patient": [{}]}) == (
        "patient_not_object",
        "patient is not an object (found ARRAY)",
    )


def test_missing_drug_list_is_quarantined():
    assert reason_of(report(patient={"drug": DROP})) == ("missing_drug", "missing patient.drug")


def test_drug_that_is_an_object_not_a_list_is_quarantined():
    assert reason_of(report(patient={"drug": drug("SPRAVATO")})) == (
        "drug_not_list",
        "patient.drug is not a list (found OBJECT)",
    )


def test_drug_element_that_is_not_an_object_is_quarantined_with_its_position():
    assert reason_of(report(patient={"drug": [drug("SPRAVATO"), "KETAMINE"]})) == (
        "drug_element_not_object",
        "patient.drug[2] is not an object (found VARCHAR)",
    )


def test_reaction_that_is_an_object_not_a_list_is_quarantined():
    reaction = {"reactionmeddrapt": "Dissociation"}
    assert reason_of(report(patient={"reaction": reaction})) == (
        "reaction_not_list",
        "patient.reaction is not a list (found OBJECT)",
    )


def test_reaction_element_that_is_not_an_object_is_quarantined():
    assert reason_of(report(patient={"reaction": [["Dissociation"]]})) == (
        "reaction_element_not_object",
        "patient.reaction[1] is not an object (found ARRAY)",
    )


def test_record_naming_no_target_drug_is_quarantined():
    assert reason_of(report(patient={"drug": [drug("KETOROLAC"), drug("KETOTIFEN")]})) == (
        "no_target_drug",
        "no drug entry names ketamine or esketamine",
    )


def test_empty_drug_list_names_no_target_drug():
    assert reason_of(report(patient={"drug": []}))[0] == "no_target_drug"


def test_quarantine_keeps_the_record_verbatim():
    record = report(receivedate="20231399")
    built = build(record)
    stored = built.one("select record from main.quarantine")
    assert json.loads(stored) == record


def test_older_version_is_superseded_by_the_higher_version():
    built = build(
        report(safetyreportversion="3", patient={"patientsex": "1"}),
        report(safetyreportversion="1"),
        report(safetyreportversion="2"),
    )
    assert built.report()["safetyreportversion"] == 3
    assert built.report()["sex"] == "male"
    assert built.rows("select record_seq, reason from main.quarantine order by record_seq") == [
        (2, "superseded by version 3 of the same safetyreportid"),
        (3, "superseded by version 3 of the same safetyreportid"),
    ]
    assert built.funnel.superseded == 2


def test_version_is_compared_as_a_number():
    built = build(report(safetyreportversion="10"), report(safetyreportversion="9"))
    assert built.report()["safetyreportversion"] == 10


def test_same_version_fetched_twice_keeps_the_later_fetch():
    con = raw_connection()
    land(con, [report(patient={"patientsex": "1"})], fetched_at="2024-01-01 00:00:00")
    land(
        con,
        [report(receivedate="20210510", patient={"patientsex": "2"})],
        quarter="2021Q2",
        fetched_at="2024-06-01",
    )
    funnel = build_clean_tables(con)
    assert con.execute("select quarter, sex from main.reports").fetchall() == [("2021Q2", "female")]
    assert con.execute("select quarter, reason from main.quarantine").fetchall() == [
        ("2021Q1", "superseded by a later fetch of the same safetyreportid (version 1)")
    ]
    assert funnel.reconciles


def test_latest_version_decides_even_when_malformed():
    built = build(
        report(safetyreportversion="2", receivedate="nope"),
        report(safetyreportversion="1"),
    )
    assert built.funnel.reports == 0
    assert built.rows("select reason_code from main.quarantine order by record_seq") == [
        ("invalid_receivedate",),
        ("superseded",),
    ]


def test_raw_equals_reports_plus_quarantine_per_quarter():
    con = raw_connection()
    land(con, [report(), report(safetyreportid="2", receivedate="x"), [1]], quarter="2021Q1")
    land(
        con,
        [
            report(safetyreportid="3", receivedate="20210510"),
            report(safetyreportid="3", receivedate="20210510", safetyreportversion="2"),
        ],
        quarter="2021Q2",
    )
    land(
        con,
        [report(safetyreportid="4", receivedate="20210810", patient={"drug": [drug("ASPIRIN")]})],
        "2021Q3",
    )
    funnel = build_clean_tables(con)
    per_quarter = {q.quarter: (q.raw_records, q.reports, q.quarantined) for q in funnel.quarters}
    assert per_quarter == {"2021Q1": (3, 1, 2), "2021Q2": (2, 1, 1), "2021Q3": (1, 0, 1)}
    assert funnel.reconciles
    assert (funnel.raw_records, funnel.reports, funnel.quarantined) == (6, 2, 4)


def test_every_raw_row_ends_in_exactly_one_table():
    built = build(
        report(), report(safetyreportversion="0"), report(safetyreportid="9", patient={"drug": []})
    )
    assert built.rows(
        """
        select quarter, record_seq, count(*)
        from (
            select quarter, record_seq from main.reports
            union all
            select quarter, record_seq from main.quarantine
        )
        group by all
        order by record_seq
        """
    ) == [("2021Q1", 1, 1), ("2021Q1", 2, 1), ("2021Q1", 3, 1)]


HOSTILE = [
    pytest.param(report(serious=1, patient={"patientsex": 2, "patientweight": 70.5}), id="numbers"),
    pytest.param(report(occurcountry=["US"], sender=["FDA"]), id="lists-for-scalars"),
    pytest.param(report(primarysource="physician"), id="string-for-object"),
    pytest.param(
        report(patient={"drug": [drug("SPRAVATO", drugindication="x" * 1_000_000)]}),
        id="1MB-string",
    ),
    pytest.param(
        report(
            companynumb="a\u0000b\u0001c\u001f",
            patient={"reaction": [{"reactionmeddrapt": "Dis\nsociation"}]},
        ),
        id="control-characters",
    ),
    pytest.param(
        report(
            companynumb="'; drop table main.reports; --",
            patient={"drug": [drug("<script>alert(1)</script> SPRAVATO")]},
        ),
        id="sql-and-html",
    ),
    pytest.param(
        report(patient={"drug": [drug("SPRAVATO", openfda={"generic_name": "ESKETAMINE"})]}),
        id="string-for-openfda-list",
    ),
    pytest.param(report(patient={"patientonsetage": {"v": 3}, "summary": []}), id="object-for-age"),
]


@pytest.mark.parametrize("record", HOSTILE)
def test_hostile_record_is_cleaned_without_crashing(record):
    built = build(record)
    assert built.funnel.reports == 1
    assert built.funnel.reconciles


def test_hostile_values_are_kept_as_text():
    built = build(report(companynumb="'; drop table main.reports; --"))
    assert built.report()["company_number"] == "'; drop table main.reports; --"


def test_reason_with_control_characters_stays_printable():
    code, reason = reason_of(report(receivedate="2021\u0000\n" + "9" * 100))
    assert code == "invalid_receivedate"
    assert reason == "receivedate not a valid date: 2021??" + "9" * 34 + "..."


def test_funnel_counts_quarantine_rows_per_reason():
    built = build(
        report(),
        report(safetyreportversion="0"),
        report(safetyreportid="2", receivedate="x"),
        report(safetyreportid="3", patient={"drug": [drug("ASPIRIN")]}),
    )
    assert built.funnel.quarantine_reasons == {
        "invalid_receivedate": 1,
        "no_target_drug": 1,
        "superseded": 1,
    }
    assert built.funnel.as_metadata()["reconciles"] is True
