"""The whole-FAERS case set (case_set.duckdb) built from landing rows inserted here: version
choice, republished primaryids, the cross-era case, deleted lists, exact duplicates, units,
partial dates, the funnel and the product rule shared with openFDA's main.drugs."""

from __future__ import annotations

import datetime as dt

import pytest

from ketamine_faers.case_set_state import STATE_SCHEMA
from ketamine_faers.files_model import CASE_SET_TABLES, build_case_set
from tests.support.clean_records import build, drug, report
from tests.support.faers_files_landing import Built, Landing


def case(landing: Landing, quarter: str, primaryid: str, caseid: str, **demo: str) -> None:
    """A version with one PS drug and one reaction, enough to be a whole report."""
    landing.demo(quarter, primaryid=primaryid, caseid=caseid, **demo)
    landing.add(
        "drug", quarter, primaryid=primaryid, caseid=caseid, drug_seq="1", role_cod="PS",
        drugname="KETALAR",
    )  # fmt: skip
    landing.add("reac", quarter, primaryid=primaryid, caseid=caseid, pt="Nausea")


def test_the_case_set_has_the_contract_tables(tmp_path):
    landing = Landing(tmp_path)
    case(landing, "2017Q2", "30781401", "3078140", caseversion="1")
    built = landing.build()
    assert set(built.result.tables) == set(CASE_SET_TABLES)
    tables = built.rows("select schema_name, table_name from duckdb_tables()")
    assert {table for schema, table in tables if schema == "main"} == set(CASE_SET_TABLES)
    assert {schema for schema, _ in tables} == {"main", STATE_SCHEMA}  # private state


def test_version_37_beats_version_9_compared_as_integers(tmp_path):
    landing = Landing(tmp_path)
    case(landing, "2017Q2", "100213059", "10021305", caseversion="9", fda_dt="20170405")
    case(landing, "2016Q1", "1002130537", "10021305", caseversion="37", fda_dt="20160105")
    built = landing.build()
    assert built.rows("select caseid, primaryid, caseversion from cases") == [
        (10021305, 1002130537, 37)
    ]


def test_a_non_integer_caseversion_ranks_lowest(tmp_path):
    landing = Landing(tmp_path)
    case(landing, "2017Q2", "100213051", "10021305", caseversion="1", fda_dt="20170405")
    case(landing, "2018Q1", "100213052", "10021305", caseversion="2a", fda_dt="20180105")
    built = landing.build()
    assert built.one("select primaryid from cases") == 100213051


def test_a_republished_primaryid_counts_once_with_the_later_quarters_children(tmp_path):
    landing = Landing(tmp_path)
    landing.demo("2012Q4", primaryid="77957122", caseid="7795712", caseversion="2")
    landing.add("reac", "2012Q4", primaryid="77957122", caseid="7795712", pt="Old term")
    landing.demo("2013Q1", primaryid="77957122", caseid="7795712", caseversion="2")
    landing.add("reac", "2013Q1", primaryid="77957122", caseid="7795712", pt="New term")
    built = landing.build()
    assert built.rows("select caseid, quarter from cases") == [(7795712, "2013Q1")]
    assert built.rows("select term from case_reactions") == [("New term",)]
    assert [(q.quarter, q.republished_copies) for q in built.result.quarters] == [
        ("2012Q4", 1),
        ("2013Q1", 0),
    ]


def test_a_legacy_case_and_a_faers_caseid_of_the_same_number_count_once_faers_wins(tmp_path):
    landing = Landing(tmp_path)
    landing.demo("2012Q2", primaryid="8123456", caseid="3078140", fda_dt="20120601")
    landing.add("drug", "2012Q2", primaryid="8123456", drug_seq="1004492716", role_cod="PS",
                drugname="KETAMINE")  # fmt: skip
    landing.demo("2013Q1", primaryid="30781401", caseid="3078140", caseversion="1",
                 fda_dt="20130110")  # fmt: skip
    landing.add("drug", "2013Q1", primaryid="30781401", caseid="3078140", drug_seq="1",
                role_cod="PS", drugname="KETALAR")  # fmt: skip
    built = landing.build()
    assert built.rows("select caseid, era, primaryid from cases") == [(3078140, "faers", 30781401)]
    assert built.rows("select drugname from case_drugs") == [("KETALAR",)]


def test_legacy_child_rows_take_their_caseid_from_the_same_quarters_demo(tmp_path):
    landing = Landing(tmp_path)
    landing.demo("2008Q1", primaryid="5801206", caseid="5544332", fda_dt="20080115")
    landing.add("reac", "2008Q1", primaryid="5801206", pt="DIARRHOEA")
    landing.add("outc", "2008Q1", primaryid="5801206", outc_cod="HO")
    built = landing.build()
    assert built.rows("select caseid, term, term_key from case_reactions") == [
        (5544332, "DIARRHOEA", "DIARRHOEA")
    ]
    assert built.rows("select caseid, outcome from case_outcomes") == [(5544332, "hospitalization")]


def test_deleted_cases_are_removed_in_both_eras_and_kept_for_audit(tmp_path):
    landing = Landing(tmp_path)
    case(landing, "2010Q3", "7000001", "6000001")
    case(landing, "2019Q1", "150000011", "15000001", caseversion="1")
    case(landing, "2019Q1", "150000021", "15000002", caseversion="1")
    landing.add("deleted", "2021Q1", caseid="6000001")
    landing.add("deleted", "2022Q4", caseid="15000001")
    built = landing.build()
    assert built.rows("select caseid from cases") == [(15000002,)]
    assert built.rows("select caseid from case_drugs") == [(15000002,)]
    assert built.rows(
        "select caseid, listed_in, versions_removed, latest_era from deleted_cases order by 1"
    ) == [(6000001, ["2021Q1"], 1, "aers"), (15000001, ["2022Q4"], 1, "faers")]
    assert built.result.deleted_removed == 2


def test_exact_duplicate_reac_rows_collapse(tmp_path):
    landing = Landing(tmp_path)
    case(landing, "2022Q4", "1002130537", "10021305", caseversion="37")
    landing.add("reac", "2022Q4", primaryid="1002130537", caseid="10021305", pt="Nausea")
    built = landing.build()
    assert built.one("select count(*) from case_reactions") == 1
    assert built.result.quarters[0].exact_duplicate_rows == 1


def test_a_report_with_no_primary_suspect_keeps_its_drugs(tmp_path):
    landing = Landing(tmp_path)
    landing.demo("2017Q2", primaryid="93588411", caseid="9358841", caseversion="1")
    for seq, role, name in [("2", "C", "ASPIRIN"), ("1", "SS", "KETAMINE"), ("3", "I", "X")]:
        landing.add("drug", "2017Q2", primaryid="93588411", caseid="9358841", drug_seq=seq,
                    role_cod=role, drugname=name)  # fmt: skip
    built = landing.build()
    assert built.rows(
        "select drug_seq, role, acts_as_primary_suspect from case_drugs order by drug_seq"
    ) == [(1, "secondary suspect", True), (2, "concomitant", False), (3, "interacting", False)]


def test_a_drug_row_naming_no_drug_is_left_out(tmp_path):
    landing = Landing(tmp_path)
    case(landing, "2012Q4", "73348571", "7334857", caseversion="1")
    landing.add("drug", "2012Q4", primaryid="73348571", caseid="7334857", drug_seq="2",
                role_cod="C")  # fmt: skip
    built = landing.build()
    assert built.rows("select drug_seq from case_drugs") == [(1,)]


@pytest.mark.parametrize(
    ("age", "unit", "years"),
    [
        ("4", "DEC", 40.0),
        ("45", "YR", 45.0),
        ("18", "MON", 1.5),
        ("26", "WK", 0.5),
        ("21539", "DY", 58.97),
        ("36", "HR", 0.0),
        (".5", "YR", 0.5),
        ("999", "YR", None),
        ("45", None, None),
        ("45", "XX", None),
    ],
)
def test_age_becomes_years_from_every_unit(tmp_path, age, unit, years):
    landing = Landing(tmp_path)
    case(landing, "2022Q4", "1001", "100", caseversion="1", age=age, age_cod=unit)
    assert landing.build().one("select age_years from cases") == years


@pytest.mark.parametrize(
    ("weight", "unit", "kg"),
    [
        ("70", "KG", 70.0),
        ("70.5", "KGS", 70.5),
        ("150", "LBS", 68.04),
        ("3500", "GMS", 3.5),
        ("60.", "KG", 60.0),
        ("0", "KG", None),
        ("70", None, None),
    ],
)
def test_weight_becomes_kg(tmp_path, weight, unit, kg):
    landing = Landing(tmp_path)
    case(landing, "2022Q4", "1001", "100", caseversion="1", wt=weight, wt_cod=unit)
    assert landing.build().one("select weight_kg from cases") == kg


@pytest.mark.parametrize(
    ("raw", "date", "precision"),
    [
        ("20150715", dt.date(2015, 7, 15), 8),
        ("201507", dt.date(2015, 7, 1), 6),
        ("2003", dt.date(2003, 1, 1), 4),
        ("20231399", None, None),
        ("20180101", None, None),  # after the end of its quarter (2017Q2)
        ("18991231", None, None),
        (" 201507 ", dt.date(2015, 7, 1), 6),
    ],
)
def test_partial_event_dates_keep_their_precision_and_raw_text(tmp_path, raw, date, precision):
    landing = Landing(tmp_path)
    case(landing, "2017Q2", "1001", "100", caseversion="1", event_dt=raw)
    built = landing.build()
    assert built.rows("select event_date, event_date_precision, event_dt_raw from cases") == [
        (date, precision, raw.strip())
    ]


def test_therapy_dates_keep_their_precision(tmp_path):
    landing = Landing(tmp_path)
    case(landing, "2017Q2", "1001", "100", caseversion="1")
    landing.add("ther", "2017Q2", primaryid="1001", caseid="100", drug_seq="1",
                start_dt="2011", end_dt="201507")  # fmt: skip
    built = landing.build()
    assert built.rows(
        "select start_date, start_date_precision, end_date, end_date_precision from case_therapies"
    ) == [(dt.date(2011, 1, 1), 4, dt.date(2015, 7, 1), 6)]


def test_sex_role_country_occupation_and_report_type_become_labels(tmp_path):
    landing = Landing(tmp_path)
    case(landing, "2022Q4", "1001", "100", caseversion="1", sex="UNK", occp_cod="HP",
         rept_cod="5DAY", reporter_country="COUNTRY NOT SPECIFIED")  # fmt: skip
    case(landing, "2008Q1", "5801206", "200", sex="F", occp_cod="MD", rept_cod="EXP",
         reporter_country="KOREA, REPUBLIC OF")  # fmt: skip
    built = landing.build()
    assert built.rows(
        "select caseid, sex, occupation, report_type, country_code, country from cases order by 1"
    ) == [
        (100, None, "other health professional", "5-day (combination product)", None, None),
        (200, "F", "physician", "expedited (15-day)", "KR", "Korea, Republic of"),
    ]


def test_the_funnel_reconciles_per_quarter(tmp_path):
    landing = Landing(tmp_path)
    case(landing, "2017Q2", "100213059", "10021305", caseversion="9")
    case(landing, "2022Q4", "1002130537", "10021305", caseversion="37")
    case(landing, "2022Q4", "1002130537", "10021305", caseversion="37")  # exact duplicate row
    case(landing, "2022Q4", "150000011", "15000001", caseversion="1")
    landing.demo("2022Q4", primaryid="x", caseid="not a number")
    landing.add("deleted", "2022Q4", caseid="15000001")
    landing.add("quarantine", "2022Q4", table_name="drug", reason="too many fields",
                raw_text="1$2$3")  # fmt: skip
    result = landing.build().result
    last = result.quarters[-1]
    assert (last.rows_read_demo, last.demo_exact_duplicates, last.versions_read) == (4, 1, 3)
    assert (last.cases_kept, last.deleted_removed, last.versions_without_caseid) == (1, 1, 1)
    assert (last.rows_quarantined, result.versions_superseded) == (1, 1)
    assert result.reconciles and all(q.reconciles for q in result.quarters)
    assert result.cases_kept == result.tables["cases"] == 1


def test_a_failed_build_leaves_the_previous_case_set(tmp_path):
    landing = Landing(tmp_path)
    case(landing, "2017Q2", "1001", "100", caseversion="1")
    built = landing.build()
    with pytest.raises(FileNotFoundError):
        build_case_set(tmp_path / "missing.duckdb", built.path)
    assert Built(built.path, built.result).one("select count(*) from cases") == 1
    assert not (tmp_path / "case_set.duckdb.building").exists()


PRODUCT_NAMES = [
    ("KETALAR", None, "ketamine"),
    ("SPRAVATO", "ESKETAMINE HYDROCHLORIDE", "esketamine"),
    ("ESKETAMINE HYDROCHLORIDE", None, "esketamine"),
    ("KETAMINE HCL", "KETAMINE HYDROCHLORIDE", "ketamine"),
    ("ANESKET", "KETAMINE\\XYLAZINE", "ketamine"),
    ("KETAMINE (S)-", None, "esketamine"),
    ("KETOROLAC", "KETOROLAC TROMETHAMINE", None),
    ("ARKETAMINE", None, None),
    ("SENNA", "SENNOSIDES", None),
]


def test_the_product_rule_is_openfdas(tmp_path):
    """The same names give the same product in case_drugs and in openFDA's main.drugs, and
    ketamine and esketamine are never merged."""
    landing = Landing(tmp_path)
    for seq, (name, ingredient, _) in enumerate(PRODUCT_NAMES, start=1):
        landing.add("drug", "2022Q4", primaryid="1001", caseid="100", drug_seq=str(seq),
                    role_cod="C", drugname=name, prod_ai=ingredient)  # fmt: skip
    landing.demo("2022Q4", primaryid="1001", caseid="100", caseversion="1")
    files = dict(landing.build().rows("select drug_seq, product from case_drugs"))
    openfda = build(
        report(
            patient={
                "drug": [
                    drug(name, activesubstance={"activesubstancename": ingredient})
                    if ingredient
                    else drug(name)
                    for name, ingredient, _ in PRODUCT_NAMES
                ]
            }
        )
    )
    from_openfda = dict(openfda.rows("select drug_seq, product from main.drugs"))
    expected = {seq: product for seq, (_, _, product) in enumerate(PRODUCT_NAMES, start=1)}
    assert files == expected
    assert from_openfda == expected


def test_ingredients_split_on_the_backslash(tmp_path):
    landing = Landing(tmp_path)
    landing.demo("2022Q4", primaryid="1001", caseid="100", caseversion="1")
    landing.add("drug", "2022Q4", primaryid="1001", caseid="100", drug_seq="1", role_cod="PS",
                drugname="Bactrim", prod_ai="SULFAMETHOXAZOLE\\TRIMETHOPRIM")  # fmt: skip
    built = landing.build()
    assert built.rows("select ingredient, ingredients from case_drugs") == [
        ("SULFAMETHOXAZOLE\\TRIMETHOPRIM", ["SULFAMETHOXAZOLE", "TRIMETHOPRIM"])
    ]
