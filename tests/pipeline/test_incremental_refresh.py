"""The incremental refresh: nothing new upstream costs one probe per quarter and rebuilds
nothing; openFDA moving, a quarter's records changing, a forced refetch, changed code or a
deleted published file each bring back exactly the work they need."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from assets import ASSET_MODULES
from assets.run_tags import FORCE_REFETCH_TAG, partition_range_tags
from ketamine_faers import build_state
from ketamine_faers.quality import (
    ExpectationResult,
    ValidationOutcome,
    ValidationPlan,
    parameterised_expectations,
    remember_validations,
)
from ketamine_faers.quarters import previous_quarter, quarter_bounds, recent_quarters
from ketamine_faers.sources.openfda.landing import Probe, StoredFetch, unchanged_reason
from ketamine_faers.sql_files import read_sql
from ketamine_faers.warehouse import connect_raw
from pipelines.jobs import OPENFDA_SELECTION
from standins.openfda import LocalOpenFDA
from tests.support.pipeline_runs import materialization_metadata, pipeline_resources, table_digests

FIRST, LAST = recent_quarters(date.today())  # the weekly refresh's window
OLDEST = previous_quarter(FIRST)
BASE_URL = "http://127.0.0.1:1"
CLEAN_ASSETS = ("reports", "drugs", "reactions", "quarantine", "source_fetches")
EFFECT_ASSETS = ("effect_terms", "effect_reports", "mart_effects_by_quarter", "signals")


def _record(n: int, day: date, product: str, term: str) -> dict:
    return {
        "safetyreportid": str(60_000_000 + n),
        "safetyreportversion": "1",
        "receivedate": f"{day:%Y%m%d}",
        "patient": {
            "patientonsetage": str(20 + n % 50),
            "patientonsetageunit": "801",
            "drug": [{"medicinalproduct": product, "drugcharacterization": "1"}],
            "reaction": [{"reactionmeddrapt": term}],
        },
    }


def _records(extra: int = 0) -> list[dict]:
    """90 reports over the quarter before the window and both quarters of it (each on the
    first day of its quarter, so never after today), and ``extra`` more in the current one."""
    days = [quarter_bounds(q)[0] for q in (OLDEST, FIRST, LAST)]
    products = ("KETAMINE", "SPRAVATO", "KETALAR", "ASPIRIN")
    terms = ("Dissociation", "Hypertension", "Nausea", "Somnolence", "Headache")
    records = [_record(n, days[n % 3], products[n % 4], terms[n % 5]) for n in range(90)]
    return records + [_record(1_000 + n, days[2], "KETAMINE", "Nausea") for n in range(extra)]


def _run(service: LocalOpenFDA, data_dir: Path, first: str = FIRST, *, force: bool = False):
    """Every asset and check over ``first``..LAST as one in-process run (as the schedule
    requests it when ``first`` is FIRST)."""
    tags = partition_range_tags(first, LAST)
    if force:
        tags[FORCE_REFETCH_TAG] = "true"
    result = dg.materialize(
        [
            *dg.load_assets_from_modules(ASSET_MODULES),
            *dg.load_asset_checks_from_modules(ASSET_MODULES),
        ],
        selection=OPENFDA_SELECTION,
        resources=pipeline_resources(service, data_dir),
        tags=tags,
    )
    assert result.success
    return result


def _revalidated(result: dg.ExecuteInProcessResult) -> dict[str, bool]:
    return {
        c.check_name: c.metadata["revalidated"].value
        for c in result.get_asset_check_evaluations()
        if c.check_name.startswith("gx_")
    }


def _rebuilt(result: dg.ExecuteInProcessResult) -> set[bool]:
    metadata = materialization_metadata(result)
    return {metadata[asset]["rebuilt"] for asset in (*CLEAN_ASSETS, *EFFECT_ASSETS)}


def _published_last_updated(data_dir: Path) -> set[str]:
    with duckdb.connect(str(data_dir / "faers.duckdb"), read_only=True) as con:
        rows = con.execute("select distinct source_last_updated from source_fetches").fetchall()
    return {str(day) for (day,) in rows}


def test_refresh_probes_when_nothing_is_new_and_rebuilds_when_openfda_moves(tmp_path):
    data = tmp_path / "data"
    with LocalOpenFDA(_records(), last_updated="2026-11-20") as api:
        _run(api, data, OLDEST)
        published = table_digests(data / "faers.duckdb")

        # nothing new upstream: one limit=0 probe per quarter, nothing rebuilt or revalidated
        mark = len(api.requests)
        quiet = _run(api, data)
        assert [r.params.get("limit") for r in api.requests[mark:]] == ["0", "0"]
        assert _rebuilt(quiet) == {False}
        assert set(_revalidated(quiet).values()) == {False}
        assert len(_revalidated(quiet)) == 8
        assert table_digests(data / "faers.duckdb") == published
        with duckdb.connect(str(data / "faers.duckdb"), read_only=True) as con:
            schemas = {
                s for (s,) in con.execute("select schema_name from duckdb_schemas()").fetchall()
            }
        assert build_state.STATE_SCHEMA not in schemas

        # openFDA rebuilt its dataset: both quarters, their background, everything downstream
        api.set_last_updated("2026-12-04")
        mark = len(api.requests)
        moved = _run(api, data)
        metadata = materialization_metadata(moved)
        assert metadata["raw_reports"]["quarters_refetched"] == 2
        assert metadata["background_counts"]["requests"] > 0
        assert metadata["background_counts"]["newest_quarters_unchanged"] == 0
        sent = metadata["raw_reports"]["requests"] + metadata["background_counts"]["requests"]
        assert len(api.requests) - mark == sent
        assert _rebuilt(moved) == {True}
        assert set(_revalidated(moved).values()) == {True}
        assert "2026-12-04" in _published_last_updated(data)

        # and the next quiet week is quiet again
        mark = len(api.requests)
        assert _rebuilt(_run(api, data)) == {False}
        assert len(api.requests) - mark == 2

        # the same last_updated, but the current quarter gained a report: landed again
        before = table_digests(data / "faers.duckdb")
        with duckdb.connect(str(data / "faers.duckdb"), read_only=True) as con:
            before_reports = con.execute("select safetyreportid from reports").fetchall()
        api.replace_records(_records(extra=3))
        grown = _run(api, data)
        metadata = materialization_metadata(grown)
        assert metadata["raw_reports"]["quarters_refetched"] == 1
        assert metadata["raw_reports"]["quarters_unchanged"] == 1
        assert _rebuilt(grown) == {True}
        assert table_digests(data / "faers.duckdb")["reports"] != before["reports"]
        with duckdb.connect(str(data / "faers.duckdb"), read_only=True) as con:
            reports = con.execute("select count(*) from reports").fetchone()[0]
        assert reports == len(before_reports) + 3


def test_a_forced_refetch_and_a_deleted_published_file(tmp_path):
    data = tmp_path / "data"
    with LocalOpenFDA(_records()) as api:
        _run(api, data, OLDEST)
        published = table_digests(data / "faers.duckdb")

        # a deleted published file is published again, from the kept build
        (data / "faers.duckdb").unlink()
        (data / "dashboards").unlink()  # the site is a symlink to its latest build
        quiet = _run(api, data)
        assert _rebuilt(quiet) == {False}
        assert table_digests(data / "faers.duckdb") == published
        assert (data / "dashboards" / "index.html").is_file()

        # a forced refetch lands every quarter and refetches the background again
        forced = _run(api, data, force=True)
        metadata = materialization_metadata(forced)
        assert metadata["raw_reports"]["quarters_refetched"] == 2
        assert metadata["raw_reports"]["refetch_forced"] is True
        assert metadata["background_counts"]["requests"] > 0
        assert _rebuilt(forced) == {True}


def test_a_removed_table_or_deleted_build_state_rebuilds(tmp_path):
    data = tmp_path / "data"
    with LocalOpenFDA(_records()) as api:
        _run(api, data, OLDEST)
        with duckdb.connect(str(data / "work" / "build.duckdb")) as con:
            con.execute("drop table signals")
        result = _run(api, data)
        metadata = materialization_metadata(result)
        assert {metadata[a]["rebuilt"] for a in CLEAN_ASSETS} == {False}
        assert metadata["signals"]["rebuilt"] is True
        assert "missing" in metadata["signals"]["reason"]
        assert _revalidated(result)["gx_signals"] is True


# --- the decisions, without Dagster ---------------------------------------------------------


def _stored(**changes) -> StoredFetch:
    values = {
        "quarter": "2026Q3",
        "fetched_at": datetime(2026, 11, 23, 6),
        "records": 511,
        "api_total": 511,
        "source_base_url": BASE_URL,
        "source_last_updated": date(2026, 11, 20),
        "synthetic": False,
    }
    return StoredFetch(**{**values, **changes})


def test_a_quarter_is_kept_only_when_source_last_updated_and_total_match():
    probe = Probe("2026Q3", total=511, last_updated="2026-11-20", requests=1)
    assert unchanged_reason(_stored(), probe, BASE_URL)
    assert not unchanged_reason(_stored(), probe, "https://api.fda.gov")  # another source
    assert not unchanged_reason(_stored(records=510), probe, BASE_URL)  # stored incomplete
    moved = Probe("2026Q3", total=511, last_updated="2026-12-04", requests=1)
    assert not unchanged_reason(_stored(), moved, BASE_URL)
    grown = Probe("2026Q3", total=512, last_updated="2026-11-20", requests=1)
    assert not unchanged_reason(_stored(), grown, BASE_URL)
    unknown = Probe("2026Q3", total=511, last_updated=None, requests=1)
    assert not unchanged_reason(_stored(), unknown, BASE_URL)
    empty = _stored(records=0, api_total=0, source_last_updated=None)
    assert unchanged_reason(empty, Probe("2026Q3", 0, None, 1), BASE_URL)
    assert not unchanged_reason(empty, Probe("2026Q3", 4, "2026-11-20", 1), BASE_URL)


def _state_connection() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    build_state.ensure_state(con)
    return con


def test_rebuilding_a_stage_forgets_everything_built_on_it():
    con = _state_connection()
    build_state.remember(con, "clean", "c1", "run-1")
    build_state.remember(con, "effects", "e1", "run-1", depends_on=["clean"])
    build_state.remember(con, "gx/reports", "g1", "run-1", depends_on=["clean"])
    build_state.remember(con, "gx/signals", "g2", "run-1", depends_on=["effects"])
    build_state.remember(con, "gx/raw_records", "g3", "run-1")
    build_state.forget(con, "effects")
    kept = {s for s in ("clean", "effects", "gx/reports", "gx/signals", "gx/raw_records")}
    assert {s for s in kept if build_state.stored(con, s)} == {
        "clean",
        "gx/reports",
        "gx/raw_records",
    }
    build_state.forget(con, "clean")  # a rebuild starts: a failure now leaves nothing stored
    assert {s for s in kept if build_state.stored(con, s)} == {"gx/raw_records"}


def test_a_stage_is_skipped_only_with_its_fingerprint_and_unchanged_tables():
    con = _state_connection()
    con.execute("create table reports as select 1 as x")
    assert build_state.decide(con, "clean", "f1", ["reports"]).rebuild  # never built
    built = {"tables": build_state.table_hashes(con, ["reports"])}
    build_state.remember(con, "clean", "f1", "run-1", details=built)
    assert not build_state.decide(con, "clean", "f1", ["reports"]).rebuild
    assert build_state.decide(con, "clean", "f2", ["reports"]).rebuild  # inputs changed
    assert build_state.decide(con, "clean", "f1", ["reports", "drugs"]).rebuild  # table gone
    con.execute("update reports set x = 2")  # someone changed the built table
    assert "changed" in build_state.decide(con, "clean", "f1", ["reports"]).reason


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """The code, SQL, reference data and suites the fingerprints hash, copied to edit."""
    root = Path(build_state.ROOT)
    copy = tmp_path / "project"
    for folder in ("sql", "expectations", "ketamine_faers"):
        shutil.copytree(root / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "reference").mkdir()
    for csv in (root / "reference").glob("*.csv"):
        shutil.copy(csv, copy / "reference" / csv.name)
    return copy


def _raw_connection(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    raw_db = tmp_path / "raw.duckdb"
    connect_raw(raw_db).close()
    with duckdb.connect(str(raw_db)) as raw:
        raw.execute(read_sql("operations/raw_landing/create_background_counts.sql"))
    con = duckdb.connect()
    con.execute("attach ? as raw", [str(raw_db)])
    return con


def _fingerprints(con, root: Path) -> dict[str, str]:
    prints = build_state.Fingerprints(con, root)
    return {
        "clean": prints.clean,
        "effects": prints.effects,
        "gx/reports": prints.validation("reports", "data"),
        "gx/signals": prints.validation("signals", "data"),
    }


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


#: An edit to each file, and the fingerprints it must change (and no other). What a stage
#: covers is derived from its code (ketamine_faers/stage_inputs.py): a new mart is part of the
#: effect build, a query only one suite runs is part of that suite's check alone.
EDITS = [
    ("sql/staging/stg_openfda__reports.sql", {"clean", "effects"}),
    ("sql/marts/mart_a_new_one.sql", {"effects"}),
    ("sql/intermediate/int_read_by_no_model.sql", set()),
    ("sql/marts/signals.sql", {"effects"}),
    ("reference/effect_terms.csv", {"effects"}),
    ("reference/e2b_routes.csv", {"clean", "effects"}),
    ("ketamine_faers/disproportionality.py", {"effects"}),
    ("ketamine_faers/sql_models.py", {"clean", "effects"}),
    ("ketamine_faers/catalog.py", {"effects", "gx/reports", "gx/signals"}),
    ("expectations/reports.json", {"gx/reports"}),
    ("sql/operations/quality/signals.sql", {"gx/signals"}),
    ("sql/operations/quality/create_data_quality.sql", {"gx/reports", "gx/signals"}),
    ("sql/examples/drugs_by_role.sql", set()),
]


def test_changed_sql_reference_data_suites_or_raw_data_change_the_fingerprints(
    tmp_path, project_copy
):
    con = _raw_connection(tmp_path)
    before = _fingerprints(con, project_copy)
    for path, expected in EDITS:
        _append(project_copy / path, "\n-- edited\n" if path.endswith(".sql") else "\n")
        after = _fingerprints(con, project_copy)
        assert {stage for stage in before if before[stage] != after[stage]} == expected, path
        before = after

    con.execute(
        "insert into raw.raw_fetches values ('2026Q3', now(), 1, 1, 1, 0, 'x', null, false)"
    )
    after = _fingerprints(con, project_copy)
    assert {stage for stage in before if before[stage] != after[stage]} == {"clean", "effects"}
    before = after

    con.execute(
        "insert into raw.background_counts values "
        "('2026Q3', 'total_reports', 'all', 's', 5, now(), null, false)"
    )
    after = _fingerprints(con, project_copy)
    assert {stage for stage in before if before[stage] != after[stage]} == {"effects"}
    assert _fingerprints(con, project_copy) == after  # stable when nothing changes


def test_only_results_that_cannot_change_with_the_date_are_kept_for_reuse():
    # reports.json bounds two dates by $PARAMETER today and quarters by $PARAMETER quarters
    parameterised = parameterised_expectations("reports")
    assert parameterised is not None and len(parameterised) == 3
    assert parameterised_expectations("signals") == frozenset()

    con = _state_connection()
    plan = ValidationPlan("reports", "fingerprint", ("clean",))

    def outcome(failed_id: str | None) -> ValidationOutcome:
        ids = [*sorted(parameterised), "plain-expectation"]
        results = tuple(
            ExpectationResult(
                "reports", "expect", None, i != failed_id, None, "warning", None, None, i
            )
            for i in ids
        )
        return ValidationOutcome(
            "reports", "main.reports", "run-1", datetime.now(UTC), 10, 0.1, results
        )

    remember_validations(con, [plan], [outcome("plain-expectation")], "run-1")
    assert build_state.stored(con, "gx/reports").fingerprint == "fingerprint"
    remember_validations(con, [plan], [outcome(sorted(parameterised)[0])], "run-2")
    assert build_state.stored(con, "gx/reports") is None  # a date bound failed: revalidate
