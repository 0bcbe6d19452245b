"""The local openFDA's search language: what matches, what does not, what is refused."""

from __future__ import annotations

import re
from typing import Any

import pytest

from standins.openfda.errors import QueryError, QuerySyntaxError
from standins.openfda.query import compile_search, is_supported
from standins.openfda.record_views import RecordViews
from standins.openfda.values import date_millis, tokens


def report(
    *products: str,
    receivedate: str = "20200115",
    reactions: tuple[str, ...] = ("Dissociation",),
    generic_names: tuple[str, ...] = (),
    **top: Any,
) -> dict[str, Any]:
    drugs: list[dict[str, Any]] = [{"medicinalproduct": name} for name in products]
    if generic_names:
        drugs[0]["openfda"] = {"generic_name": list(generic_names)}
    return {
        "safetyreportid": "10000001",
        "receivedate": receivedate,
        "serious": "1",
        "patient": {
            "patientonsetage": "34",
            "reaction": [{"reactionmeddrapt": term} for term in reactions],
            "drug": drugs,
        },
        **top,
    }


def matches(search: str, record: dict[str, Any]) -> bool:
    """Whether the record matches, asserting that the corpus-wide evaluation agrees."""
    compiled = compile_search(search)
    found = compiled.matches(record)
    assert compiled.select(RecordViews([record])) == ([0] if found else []), search
    return found


# --- analysed fields -------------------------------------------------------------------------


def test_ketamine_does_not_match_esketamine() -> None:
    assert not matches("patient.drug.medicinalproduct:ketamine", report("ESKETAMINE"))
    assert matches("patient.drug.medicinalproduct:esketamine", report("ESKETAMINE"))


def test_ketamine_matches_a_token_inside_a_longer_name() -> None:
    assert matches("patient.drug.medicinalproduct:ketamine", report("KETAMINE HCL"))
    assert matches("patient.drug.medicinalproduct:ketamine", report("KETAMINE/XYLAZINE"))


def test_ketorolac_does_not_match_ketamine() -> None:
    assert not matches("patient.drug.medicinalproduct:ketamine", report("KETOROLAC"))


def test_analysed_match_ignores_case() -> None:
    assert matches("patient.drug.medicinalproduct:KeTaMiNe", report("ketamine"))


def test_tokens_split_on_non_alphanumerics_and_lower_case() -> None:
    assert tokens("SENNOSIDE   /00571901/ 8.6mg") == ("sennoside", "00571901", "8", "6mg")


def test_phrase_needs_consecutive_tokens() -> None:
    search = 'patient.reaction.reactionmeddrapt:"blood pressure increased"'
    assert matches(search, report("KETAMINE", reactions=("Blood pressure increased",)))
    assert not matches(search, report("KETAMINE", reactions=("Increased blood pressure",)))
    assert not matches(search, report("KETAMINE", reactions=("Blood pressure", "Increased")))


def test_unquoted_term_with_two_tokens_matches_either() -> None:
    assert matches("patient.drug.medicinalproduct:KETAMINE-XYZ", report("XYZ TABLETS"))


def test_trailing_wildcard_is_a_token_prefix() -> None:
    assert matches("patient.drug.medicinalproduct:keta*", report("KETALAR"))
    assert matches("patient.drug.medicinalproduct:keta*", report("KETAMINE HCL"))
    assert not matches("patient.drug.medicinalproduct:keta*", report("ESKETAMINE"))


def test_regex_matches_whole_tokens_or_whole_exact_values() -> None:
    record = report("KETAMINE 50MG")
    assert matches(r"patient.drug.medicinalproduct:/\d+mg/", record)
    assert not matches("patient.drug.medicinalproduct:/ket/", record)
    assert matches(r"patient.drug.medicinalproduct.exact:/KETAMINE \d+MG/", record)


def test_list_of_strings_matches_on_any_element() -> None:
    record = report("SPRAVATO", generic_names=("ESKETAMINE HYDROCHLORIDE", "OTHER"))
    assert matches("patient.drug.openfda.generic_name:esketamine", record)
    assert not matches("patient.drug.openfda.generic_name:ketamine", record)


def test_any_drug_in_the_list_can_match() -> None:
    record = report("LISINOPRIL", "IBUPROFEN", "KETAMINE")
    assert matches("patient.drug.medicinalproduct:ketamine", record)


# --- .exact ----------------------------------------------------------------------------------


def test_exact_matches_the_whole_stored_string_case_sensitively() -> None:
    record = report("KETAMINE", generic_names=("KETAMINE HYDROCHLORIDE",))
    field = "patient.drug.openfda.generic_name.exact"
    assert matches(f'{field}:"KETAMINE HYDROCHLORIDE"', record)
    assert not matches(f'{field}:"ketamine hydrochloride"', record)
    assert not matches(f"{field}:KETAMINE", record)


def test_exact_on_reaction_terms_respects_stored_case() -> None:
    record = report("KETAMINE", reactions=("DISSOCIATION",))
    assert matches("patient.reaction.reactionmeddrapt.exact:DISSOCIATION", record)
    assert not matches("patient.reaction.reactionmeddrapt.exact:Dissociation", record)


# --- boolean structure ------------------------------------------------------------------------


def test_and_requires_both_sides() -> None:
    search = "patient.drug.medicinalproduct:ketamine AND patient.reaction.reactionmeddrapt:nausea"
    assert matches(search, report("KETAMINE", reactions=("Nausea",)))
    assert not matches(search, report("KETAMINE", reactions=("Dissociation",)))


def test_or_and_whitespace_both_mean_either() -> None:
    for search in (
        "patient.drug.medicinalproduct:ketamine OR patient.drug.medicinalproduct:spravato",
        "patient.drug.medicinalproduct:ketamine patient.drug.medicinalproduct:spravato",
        "patient.drug.medicinalproduct:(ketamine spravato)",
        'patient.drug.medicinalproduct:(ketamine OR "spravato nasal")',
    ):
        assert matches(search, report("SPRAVATO NASAL SPRAY")), search
        assert not matches(search, report("LISINOPRIL")), search


def test_parentheses_group_before_and() -> None:
    search = (
        "(patient.drug.medicinalproduct:ketamine OR patient.drug.medicinalproduct:esketamine)"
        " AND receivedate:[20200101 TO 20200331]"
    )
    assert matches(search, report("ESKETAMINE", receivedate="20200331"))
    assert not matches(search, report("ESKETAMINE", receivedate="20200401"))
    assert not matches(search, report("KETOROLAC", receivedate="20200201"))


def test_and_binds_its_neighbours_like_lucene() -> None:
    # Lucene's classic parser: "a OR b AND c" makes b and c required and a optional.
    search = "serious:2 OR patient.drug.medicinalproduct:ketamine AND receivedate:20200115"
    assert matches(search, report("KETAMINE"))
    assert not matches(search, report("LISINOPRIL", serious="2"))


def test_not_and_minus_exclude() -> None:
    record = report("KETAMINE", reactions=("Nausea",))
    assert not matches(
        "patient.drug.medicinalproduct:ketamine AND NOT patient.reaction.reactionmeddrapt:nausea",
        record,
    )
    assert not matches(
        "patient.drug.medicinalproduct:ketamine -patient.reaction.reactionmeddrapt:nausea", record
    )
    assert matches("NOT patient.drug.medicinalproduct:lisinopril", record)


# --- ranges, dates, numbers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("search", "day", "expected"),
    [
        ("receivedate:[20200101 TO 20200331]", "20200101", True),
        ("receivedate:[20200101 TO 20200331]", "20200331", True),
        ("receivedate:[20200101 TO 20200331]", "20200401", False),
        ("receivedate:[2020-01-01 TO 2020-03-31]", "20200331", True),
        ("receivedate:[2020-01-01 TO 2020-03-31]", "20191231", False),
        ("receivedate:{20200101 TO 20200331}", "20200101", False),
        ("receivedate:{20200101 TO 20200331]", "20200331", True),
        ("receivedate:[* TO 20200101]", "20040101", True),
        ("receivedate:[20200101 TO *]", "20260101", True),
        ("receivedate:>=20200115", "20200115", True),
        ("receivedate:>20200115", "20200115", False),
        ("receivedate:20200115", "20200115", True),
        ("receivedate:2020-01-15", "20200115", True),
    ],
)
def test_date_ranges_are_inclusive_unless_braced(search: str, day: str, expected: bool) -> None:
    assert matches(search, report("KETAMINE", receivedate=day)) is expected


def test_numeric_fields_compare_as_numbers() -> None:
    record = report("KETAMINE")  # patientonsetage "34"
    assert matches("patient.patientonsetage:[18 TO 65]", record)
    assert not matches("patient.patientonsetage:[4 TO 9]", record)  # "34" > "9" as text
    assert matches("serious:1", record)


def test_date_parsing_accepts_the_mapped_formats() -> None:
    assert date_millis("20200101") == date_millis("2020-01-01") == 1_577_836_800_000
    assert date_millis("1577836800000") == 1_577_836_800_000
    assert date_millis("not a date") is None


def test_a_bad_date_in_a_range_cannot_run() -> None:
    with pytest.raises(QueryError):
        compile_search("receivedate:[2020x TO 20201231]")


@pytest.mark.parametrize(
    ("search", "message"),
    [
        ("+patient.drug.medicinalproduct:ketamine serious:ket*", "Can only use wildcard"),
        ("serious:/1/ AND receivedate:[2020x TO 2021]", "Can only use regexp"),
        ("receivedate:[2020x TO 2021] AND NOT serious:/1/", "failed to parse date field [2020x]"),
        ("patient.drug.medicinalproduct:/[/ OR serious:x", "invalid regular expression"),
        ("NOT (patient.drug.medicinalproduct:ketamine OR patient.patientonsetage:old)", "old"),
    ],
)
def test_a_clause_that_cannot_run_fails_the_whole_query_with_the_first_error(
    search: str, message: str
) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        compile_search(search)


# --- exists / missing ----------------------------------------------------------------------


def test_exists_and_missing() -> None:
    with_number = report("KETAMINE", companynumb="US-1")
    without = report("KETAMINE", companynumb=None)
    assert matches("_exists_:companynumb", with_number)
    assert not matches("_exists_:companynumb", without)
    assert matches("_missing_:companynumb", without)
    assert not matches("_missing_:companynumb", with_number)


def test_exists_on_an_object_path_and_a_wildcard_value() -> None:
    record = report("SPRAVATO", generic_names=("ESKETAMINE",))
    assert matches("_exists_:patient.drug.openfda", record)
    assert matches("patient.drug.openfda.generic_name:*", record)
    assert not matches("_exists_:patient.drug.openfda", report("SPRAVATO"))


# --- malformed records -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "patient",
    [
        {"drug": {"medicinalproduct": "KETAMINE"}},  # a dict where a list belongs
        {"drug": [None, "KETAMINE", {"medicinalproduct": "KETAMINE"}]},
        {"drug": [[{"medicinalproduct": "KETAMINE"}]]},
    ],
)
def test_malformed_records_are_searched_not_crashed_on(patient: dict[str, Any]) -> None:
    record = {"safetyreportid": "1", "receivedate": "20200101", "patient": patient}
    assert matches("patient.drug.medicinalproduct:ketamine", record)


@pytest.mark.parametrize("patient", ["KETAMINE", None, 7, [], {"drug": "KETAMINE"}])
def test_scalars_on_the_path_simply_do_not_match(patient: Any) -> None:
    record = {"safetyreportid": "1", "receivedate": "20200101", "patient": patient}
    assert not matches("patient.drug.medicinalproduct:ketamine", record)
    assert matches("NOT patient.drug.medicinalproduct:ketamine", record)


# --- refused queries ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "search",
    [
        "patient.drug.medicinalproduct:(ketamine",
        "patient.drug.medicinalproduct:ketamine)",
        'patient.drug.medicinalproduct:"ketamine',
        "receivedate:[20200101 TO 20201231",
        "receivedate:20200101 TO 20201231]",
        "AND patient.drug.medicinalproduct:ketamine",
        "patient.drug.medicinalproduct:ketamine AND",
        "patient.drug.medicinalproduct:",
        # A '+' that reached the server as %2B is a real '+', not a space:
        "receivedate:[20200101+TO+20201231]",
    ],
)
def test_broken_syntax_is_a_syntax_error(search: str) -> None:
    assert is_supported(search)
    with pytest.raises(QuerySyntaxError):
        compile_search(search)


@pytest.mark.parametrize("search", ["ketamine!", "a:b;c", "a:b|c", "a:b?", "a:b#", "a:b~", "é"])
def test_characters_outside_openfdas_set_are_unsupported(search: str) -> None:
    assert not is_supported(search)


# --- candidate narrowing --------------------------------------------------------------------


def test_a_required_receivedate_range_gives_bounds() -> None:
    compiled = compile_search(
        "(patient.drug.openfda.generic_name:ketamine OR patient.drug.medicinalproduct:ketamine)"
        " AND receivedate:[20200101 TO 20200331]"
    )
    assert compiled.bounds("receivedate") == (date_millis("20200101"), date_millis("20200331"))


def test_an_optional_receivedate_range_gives_no_bounds() -> None:
    compiled = compile_search(
        "patient.drug.medicinalproduct:ketamine OR receivedate:[20200101 TO 20200331]"
    )
    assert compiled.bounds("receivedate") is None


def test_bounds_of_alternative_ranges_cover_both() -> None:
    compiled = compile_search(
        "receivedate:[20200101 TO 20200131] OR receivedate:{20200301 TO 20200331}"
    )
    assert compiled.bounds("receivedate") == (
        date_millis("20200101"),
        date_millis("20200331") - 1,
    )


# --- many records at once ---------------------------------------------------------------------


def varied_records() -> list[dict[str, Any]]:
    """Well-formed, sparse and malformed records, with values of every kind."""
    records: list[dict[str, Any]] = [
        report("KETAMINE HCL", reactions=("Dissociation", "Nausea")),
        report("ESKETAMINE", "SPRAVATO NASAL SPRAY", receivedate="20200331"),
        report("KETOROLAC", reactions=("DISSOCIATION",), receivedate="2020-02-01"),
        report("LISINOPRIL", reactions=("Blood pressure increased",), serious="2"),
        report("KETAMINE 50MG", generic_names=("KETAMINE HYDROCHLORIDE", "OTHER")),
        report("KETALAR", reactions=("Increased blood pressure", "Blood pressure")),
        report("SPRAVATO", generic_names=("ESKETAMINE",), companynumb="US-1"),
        report("XYZ TABLETS", receivedate="20210105", companynumb=None),
        report(reactions=(), receivedate="not a date"),
        {"safetyreportid": "x1", "receivedate": ["20200101", "20210101"], "serious": True},
        {"safetyreportid": "x2", "receivedate": 20200115, "patient": {"drug": {"a": 1}}},
        {"safetyreportid": "x3", "patient": {"patientonsetage": ["nan", "20", "old"]}},
        {"safetyreportid": "x4", "patient": {"patientonsetage": 34.5, "patientweight": "inf"}},
        {"safetyreportid": "x5", "patient": [None, {"reaction": {"reactionmeddrapt": "Nausea"}}]},
        {"safetyreportid": "x6", "patient": "KETAMINE", "custom": {"note": "Ketamine, 2 doses"}},
    ]
    records += [
        {"safetyreportid": "x7", "receivedate": "20200115", "patient": patient}
        for patient in (
            {"drug": {"medicinalproduct": "KETAMINE"}},
            {"drug": [None, "KETAMINE", {"medicinalproduct": "KETAMINE"}]},
            {"drug": [[{"medicinalproduct": "ketamine/xylazine"}]]},
            {"drug": [{"openfda": {"is_original_packager": True}}]},
        )
    ]
    return records


SEARCHES = [
    "patient.drug.medicinalproduct:ketamine",
    "patient.drug.medicinalproduct:(ketamine OR esketamine OR ketalar OR spravato)",
    "patient.drug.medicinalproduct:(ketamine esketamine) OR patient.drug.openfda.generic_name:"
    "(ketamine OR esketamine)",
    'patient.reaction.reactionmeddrapt.exact:("Dissociation" OR "DISSOCIATION" OR "Nausea")',
    'receivedate:[20200101 TO 20200331] AND patient.reaction.reactionmeddrapt.exact:("Nausea"'
    ' OR "DISSOCIATION")',
    'patient.reaction.reactionmeddrapt:"blood pressure increased"',
    'patient.reaction.reactionmeddrapt:("blood pressure" OR nausea) AND NOT serious:2',
    "patient.drug.medicinalproduct:keta* OR patient.drug.medicinalproduct:/\\d+mg/",
    "patient.drug.medicinalproduct.exact:KETA* patient.drug.medicinalproduct.exact:/SPRA.*/",
    "patient.drug.medicinalproduct:[ketalar TO ketorolac}",
    'patient.drug.medicinalproduct.exact:["KETAMINE" TO "LISINOPRIL"]',
    "receivedate:{20200101 TO 20200331] OR receivedate:<=20100101",
    "receivedate:20200115",
    "patient.patientonsetage:[18 TO 65] patient.patientonsetage:[30 TO *]",
    "patient.patientonsetage:>=34.5 OR patient.patientweight:>100 OR serious:1",
    "_exists_:patient.drug.openfda AND NOT _missing_:companynumb",
    "_missing_:patient.reaction.reactionmeddrapt",
    "patient.drug.openfda.generic_name:* -patient.drug.openfda.generic_name:other",
    "patient.drug.openfda.is_original_packager:true OR @version:1",
    "ketamine OR dissociation",
    "* AND NOT patient.drug.medicinalproduct:ketamine",
    "patient.drug:ketamine OR patient.drug.medicinalproduct.exact.exact:x OR receivedate.exact:x",
    "custom.note:(ketamine AND doses) OR custom.note.exact:Ketamine*",
    "+patient.drug.medicinalproduct:ketamine +(receivedate:[* TO 20200201] OR serious:2)",
    "patient.drug.medicinalproduct:ketamine OR NOT patient.drug.medicinalproduct:ketamine",
]


@pytest.mark.parametrize("search", SEARCHES)
def test_selecting_many_records_agrees_with_testing_each(search: str) -> None:
    records = varied_records()
    compiled = compile_search(search)
    expected = [row for row, record in enumerate(records) if compiled.matches(record)]
    views = RecordViews(records)
    odd = [row for row in range(len(records)) if row % 2]
    # Views filled for some rows first must serve later, wider selections too.
    assert compiled.select(views, odd) == [row for row in expected if row % 2]
    assert compiled.select(views) == expected
    assert compiled.select(views, []) == []


def test_views_are_shared_between_searches() -> None:
    records = varied_records()
    views = RecordViews(records)
    for search in SEARCHES:
        compiled = compile_search(search)
        expected = [row for row, record in enumerate(records) if compiled.matches(record)]
        assert compiled.select(views) == expected, search
