"""The clean model as a whole: its files, documentation, real records and analyst examples."""

from __future__ import annotations

import json
import re

import pytest

from ketamine_faers.clean_model import CLEAN_TABLES, build_clean_tables, clean_models
from ketamine_faers.paths import PROJECT_ROOT
from ketamine_faers.sql_files import SQL_DIR, read_sql
from tests.support.clean_records import Built, build, drug, land, raw_connection, report

ROOT = PROJECT_ROOT
FIXTURES = PROJECT_ROOT / "tests" / "fixtures"


@pytest.fixture(scope="module")
def built():
    return build(report())


def test_every_clean_sql_file_exists_and_names_its_rules():
    for model in clean_models():
        text = read_sql(model.path)
        assert text.startswith("-- "), f"{model.path} must open with a header comment"


@pytest.mark.parametrize("table", CLEAN_TABLES)
def test_every_column_of_every_analyst_table_has_a_comment(built, table):
    columns = built.rows(
        "select column_name, comment from duckdb_columns()"
        " where database_name = 'memory' and schema_name = 'main' and table_name = ?",
        [table],
    )
    assert columns, f"main.{table} is missing"
    missing = [name for name, comment in columns if not comment]
    assert missing == []


@pytest.mark.parametrize("table", CLEAN_TABLES)
def test_every_analyst_table_has_a_comment(built, table):
    comment = built.one(
        "select comment from duckdb_tables() where schema_name = 'main' and table_name = ?",
        [table],
    )
    assert comment


@pytest.mark.parametrize("table", CLEAN_TABLES)
def test_data_dictionary_lists_every_column(built, table):
    dictionary = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    section = dictionary.split(f"## {table}\n", 1)[1].split("\n## ", 1)[0]
    columns = [
        row[0]
        for row in built.rows(
            "select column_name from duckdb_columns()"
            " where schema_name = 'main' and table_name = ?",
            [table],
        )
    ]
    missing = [c for c in columns if f"| `{c}` |" not in section]
    assert missing == []


def test_required_columns_are_there(built):
    required = {
        "reports": "safetyreportid safetyreportversion receive_date receive_date_precision"
        " receipt_date quarter serious seriousness_death seriousness_life_threatening"
        " seriousness_hospitalization seriousness_disabling seriousness_congenital_anomaly"
        " seriousness_other country reporter_qualification sender_organization age_years"
        " age_raw age_unit_raw age_group sex weight_kg products is_probable_duplicate",
        "drugs": "safetyreportid drug_seq medicinal_product product role route_code route"
        " indication dose_text start_date start_date_precision end_date end_date_precision"
        " generic_names active_substance brand_names",
        "reactions": "safetyreportid reaction_seq term term_raw meddra_version outcome",
        "quarantine": "quarter record_seq safetyreportid reason record",
    }
    for table, names in required.items():
        have = {
            row[0]
            for row in built.rows(
                "select column_name from duckdb_columns() where table_name = ?", [table]
            )
        }
        assert set(names.split()) - have == set(), table


def test_column_types_are_the_contract(built):
    types = dict(
        built.rows(
            "select column_name, data_type from duckdb_columns() where table_name = 'reports'"
        )
    )
    assert types["receive_date"] == "DATE"
    assert types["age_years"] == "DOUBLE"
    assert types["serious"] == "BOOLEAN"
    assert types["products"] == "VARCHAR[]"


def test_build_leaves_only_the_analyst_tables(built):
    databases = {row[0] for row in built.rows("select database_name from duckdb_databases()")}
    assert "staging" not in databases
    tables = {
        row[0]
        for row in built.rows(
            "select table_name from duckdb_tables() where database_name = 'memory'"
        )
    }
    assert tables == set(CLEAN_TABLES)


def test_rebuilding_gives_the_same_tables():
    first = build(report(), report(safetyreportid="2", receivedate="bad"))
    before = first.rows("select * from main.reports")
    from ketamine_faers.clean_model import build_clean_tables

    funnel = build_clean_tables(first.con)
    assert first.rows("select * from main.reports") == before
    assert funnel == first.funnel


def test_build_gives_the_connection_its_memory_limit_back():
    from ketamine_faers.clean_model import build_clean_tables, clean_memory_limit

    built = build(report())
    built.con.execute("set memory_limit = '3GiB'")
    build_clean_tables(built.con)
    limit = built.con.execute("select current_setting('memory_limit')").fetchone()[0]
    assert limit == "3.0 GiB"  # the limit set before the build, not the build's own
    assert 1_000_000_000 < clean_memory_limit() <= 2_500_000_000


def test_build_reserves_block_memory_and_keeps_a_larger_reservation():
    import duckdb

    from ketamine_faers.clean_model import build_clean_tables, clean_memory_limit

    def reserved(con: duckdb.DuckDBPyConnection) -> str:
        return con.execute("select current_setting('block_allocator_memory')").fetchone()[0]

    with duckdb.connect() as expected:
        expected.execute("set block_allocator_memory = ?", [f"{clean_memory_limit()}B"])
        expected_size = reserved(expected)
    built = build(report())
    assert reserved(built.con) == expected_size != "0 bytes"

    larger = build(report())
    larger.con.execute("set block_allocator_memory = '8GiB'")
    funnel = build_clean_tables(larger.con)  # DuckDB refuses to shrink it; the build goes on
    assert reserved(larger.con) == "8.0 GiB"
    assert funnel.reports == 1


def _real_records() -> list[dict]:
    return json.loads((FIXTURES / "openfda_real_records.json").read_text(encoding="utf-8"))


def _build_in_their_quarters(records: list[dict]) -> Built:
    """Land each record in the quarter of its receivedate, as the raw asset's fetch does."""
    con = raw_connection()
    for seq, record in enumerate(records, start=1):
        day = record["receivedate"]
        land(con, [record], quarter=f"{day[:4]}Q{(int(day[4:6]) + 2) // 3}", first_seq=seq)
    return Built(con, build_clean_tables(con))


def test_real_records_naming_no_target_drug_are_quarantined():
    built = _build_in_their_quarters(_real_records())
    assert built.funnel.reports == 0
    assert built.rows("select distinct reason_code from main.quarantine") == [("no_target_drug",)]


def test_real_record_shapes_clean_when_a_drug_is_ketamine():
    records = _real_records()
    for record in records:
        record["patient"]["drug"][0]["medicinalproduct"] = "KETALAR"
    built = _build_in_their_quarters(records)
    assert built.funnel.reports == 4
    thalomid = built.report("14026459")
    assert (thalomid["age_years"], thalomid["sex"], str(thalomid["event_date"])) == (
        88.0,
        "male",
        "2017-09-01",
    )
    assert built.report("13911557")["weight_kg"] == 23.1
    assert built.report("5801206-7")["country"] == "CANADA"
    assert built.report("5801206-7")["seriousness_death"] is True
    assert built.rows(
        "select term from main.reactions where safetyreportid = '5801206-7' order by reaction_seq"
    ) == [("Drug administration error",), ("Overdose",)]
    assert built.rows(
        "select drug_seq, start_date::varchar, start_date_precision from main.drugs"
        " where safetyreportid = '14026459' order by drug_seq"
    ) == [(1, "2017-06-09", "day"), (2, "2016-02-01", "month")]


def test_sql_files_name_no_unknown_clean_table():
    for path in (SQL_DIR / "clean").glob("*.sql"):
        text = path.read_text(encoding="utf-8")
        for table in re.findall(r"create or replace table main\.(\w+)", text):
            assert table in CLEAN_TABLES or path.name == "effect_terms.sql"


# --- sql/examples ------------------------------------------------------------------------


def _example(name: str) -> str:
    return read_sql(f"examples/{name}.sql")


@pytest.fixture(scope="module")
def analyst_db():
    """Five cases: two esketamine (one a probable duplicate of the other), one ketamine, one
    with both medicines, one esketamine in another quarter; plus one superseded version."""
    dissociation = [{"reactionmeddrapt": "DISSOCIATION"}, {"reactionmeddrapt": "Sedation"}]
    records = [
        report(safetyreportid="101", patient={"reaction": dissociation}),
        report(safetyreportid="102", patient={"reaction": dissociation}),
        report(
            safetyreportid="103",
            serious="2",
            seriousnesshospitalization=None,
            patient={
                "patientsex": "1",
                "drug": [drug("KETALAR", "1")],
                "reaction": [{"reactionmeddrapt": "Dissociation"}],
            },
        ),
        report(
            safetyreportid="104",
            patient={
                "patientsex": "1",
                "drug": [drug("SPRAVATO", "2"), drug("KETAMINE HCL", "1")],
                "reaction": [{"reactionmeddrapt": "Blood pressure increased"}],
            },
        ),
        report(safetyreportid="104", safetyreportversion="0"),
    ]
    built = build(*records)
    from tests.support.clean_records import land

    land(built.con, [report(safetyreportid="105", receivedate="20210401")], quarter="2021Q2")
    from ketamine_faers.clean_model import build_clean_tables

    build_clean_tables(built.con)
    return built


def test_example_reports_per_quarter_and_product(analyst_db):
    assert analyst_db.rows(_example("reports_per_quarter_and_product")) == [
        ("2021Q1", "esketamine", 2),
        ("2021Q1", "ketamine", 2),
        ("2021Q2", "esketamine", 1),
    ]


def test_example_top_reactions_for_esketamine(analyst_db):
    assert analyst_db.rows(_example("top_reactions_esketamine")) == [
        ("Dissociation", 2),
        ("Sedation", 1),
    ]


def test_example_serious_dissociation_reports(analyst_db):
    rows = analyst_db.rows(_example("serious_dissociation_reports"))
    assert [(r[0], r[2], r[7]) for r in rows] == [
        ("105", ["esketamine"], ["Dissociation"]),
        ("101", ["esketamine"], ["Dissociation"]),
    ]


def test_example_drugs_by_role(analyst_db):
    assert analyst_db.rows(_example("drugs_by_role")) == [
        ("esketamine", "suspect", 2),
        ("esketamine", "concomitant", 1),
        ("ketamine", "suspect", 2),
    ]


def test_keep_staging_leaves_the_build_tables_for_inspection():
    from ketamine_faers.clean_model import build_clean_tables
    from tests.support.clean_records import land, raw_connection

    con = raw_connection()
    land(con, [report()])
    build_clean_tables(con, keep_staging=True)
    staged = con.execute("select count(*) from staging.stg_openfda__reports").fetchone()[0]
    assert staged == 1


def test_a_pinned_view_gives_the_rows_of_the_view_from_arrow_memory():
    from ketamine_faers.clean_model import pin_in_arrow
    from ketamine_faers.sql_files import run_sql
    from tests.support.clean_records import land, raw_connection

    con = raw_connection()
    land(con, [report(), report(safetyreportid="2", receivedate="x"), [1], {"patient": 7}])
    run_sql(con, "operations/clean/attach_staging.sql")
    run_sql(con, "staging/stg_openfda__reports.sql")
    query = "select * from staging.stg_openfda__reports order by raw_rowid"
    computed = con.execute(query).fetchall()
    registered = pin_in_arrow(con, "stg_openfda__reports")
    assert con.execute(query).fetchall() == computed
    assert len(computed) == 4
    view_sql = con.execute(
        "select sql from duckdb_views() where view_name = 'stg_openfda__reports'"
    ).fetchone()[0]
    assert registered in view_sql


def test_the_build_releases_its_arrow_memory():
    from ketamine_faers.clean_model import build_clean_tables
    from tests.support.clean_records import land, raw_connection

    con = raw_connection()
    land(con, [report()])
    build_clean_tables(con)
    views = con.execute("select view_name from duckdb_views() where not internal").fetchall()
    assert [name for (name,) in views if "arrow" in name] == []
