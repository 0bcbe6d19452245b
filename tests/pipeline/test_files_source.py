"""The files source end to end: real Dagster runs download the SYNTHETIC sample's quarterly
zips from the local FDA files site over HTTP, land them, build the case set, the
``faers_files`` tables and ``source_reconciliation``, validate and publish; the sensor
notices a newly posted quarter."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from assets import ASSET_MODULES
from assets.resources import FaersFilesResource, OpenFDAResource, WarehouseResource
from assets.run_tags import partition_range_tags
from ketamine_faers.files_tables import FILES_TABLES
from pipelines.jobs import all_refresh_job, files_refresh_job
from pipelines.sensors import faers_files_posted
from standins.faers_files import LocalFaersFiles
from standins.faers_files.sample_files import SampleFiles, write_sample_zips
from standins.openfda import LocalOpenFDA
from standins.sample import generate_sample_corpus
from tests.support.case_set_compare import differences

TODAY = date(2026, 12, 3)
FIRST, LAST = "2020Q4", "2021Q3"  # deleted lists, earlier versions, the HP occupation code
SCALE = 0.3


@dataclass
class Sources:
    files: SampleFiles
    site: LocalFaersFiles
    api: LocalOpenFDA


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sources]:
    folder = tmp_path_factory.mktemp("zips")
    files = write_sample_zips(folder, today=TODAY, scale=SCALE, first=FIRST, last=LAST)
    records = generate_sample_corpus(today=TODAY, scale=SCALE)
    zips = {path.name: path for path in files.zips.values()}
    with LocalFaersFiles(zips) as site, LocalOpenFDA(records) as api:
        yield Sources(files, site, api)


def _resources(sources: Sources, data_dir: Path) -> dict:
    return {
        "openfda": OpenFDAResource(
            base_url=sources.api.url, requests_per_minute=0, backoff_base_seconds=0.01
        ),
        "warehouse": WarehouseResource(data_dir=str(data_dir)),
        "faers_files": FaersFilesResource(
            page_url=sources.site.page_url, backoff_base_seconds=0.01
        ),
    }


def _run(
    sources: Sources,
    data_dir: Path,
    job: dg.UnresolvedAssetJobDefinition,
    first: str = FIRST,
    last: str = LAST,
):
    defs = dg.Definitions(
        assets=dg.load_assets_from_modules(ASSET_MODULES),
        asset_checks=dg.load_asset_checks_from_modules(ASSET_MODULES),
        jobs=[job],
        resources=_resources(sources, data_dir),
        executor=dg.in_process_executor,
    )
    return defs.resolve_job_def(job.name).execute_in_process(
        tags=partition_range_tags(first, last), instance=dg.DagsterInstance.ephemeral()
    )


def _metadata(result: dg.ExecuteInProcessResult, node: str) -> dict:
    """The metadata of ``node``'s materialization (a partitioned asset reports the same
    metadata for each partition of the run)."""
    materializations = result.asset_materializations_for_node(node)
    assert materializations
    return {key: value.value for key, value in materializations[0].metadata.items()}


@pytest.fixture(scope="module")
def both(sources: Sources, tmp_path_factory: pytest.TempPathFactory):
    data_dir = tmp_path_factory.mktemp("both") / "data"
    result = _run(sources, data_dir, all_refresh_job)
    assert result.success
    return data_dir, result


@pytest.fixture(scope="module")
def files_only(sources: Sources, tmp_path_factory: pytest.TempPathFactory):
    data_dir = tmp_path_factory.mktemp("files_only") / "data"
    result = _run(sources, data_dir, files_refresh_job)
    assert result.success
    return data_dir, result


def test_a_files_run_lands_every_quarter_and_publishes_the_files_tables(sources, files_only):
    data_dir, result = files_only
    landing = _metadata(result, "faers_files_landing")
    assert landing["downloaded"] == 4 and landing["quarters_landed"] == 4
    assert landing["failed"] == 0 and landing["lines_quarantined"] == 0
    checks = {c.check_name: c.passed for c in result.get_asset_check_evaluations()}
    assert checks == {
        "gx_faers_files_cases": True,
        "gx_faers_files_quarters": True,
        "gx_source_reconciliation": True,
    } | {name: passed for name, passed in checks.items() if name.startswith("freshness")}
    with duckdb.connect(str(data_dir / "faers.duckdb"), read_only=True) as con:
        rows = con.execute("select caseid from faers_files.cases").fetchall()
        kept = {str(caseid) for (caseid,) in rows}
        quarters = con.execute(
            "select quarter, reconciles, sha256 is not null from faers_files.quarters"
        ).fetchall()
    expected = set().union(*sources.files.product_caseids.values())
    expected |= set().union(*sources.files.file_only_product.values())
    assert kept == expected - sources.files.deleted_caseids
    assert quarters == [(q, True, True) for q in ("2020Q4", "2021Q1", "2021Q2", "2021Q3")]
    for table in FILES_TABLES:
        assert (data_dir / "parquet" / table).is_dir(), table
    assert (data_dir / "work" / "files" / "downloads.json").is_file()


def test_a_files_run_reconciles_every_case_as_files_only_because_openfda_was_not_fetched(
    files_only,
):
    data_dir, result = files_only
    with duckdb.connect(str(data_dir / "faers.duckdb"), read_only=True) as con:
        cases = con.execute("select count(*) from faers_files.cases").fetchone()[0]
        reconciled = con.execute(
            "select status, reason, in_openfda, in_files, count(*) from source_reconciliation"
            " group by all"
        ).fetchall()
    assert cases > 0
    assert reconciled == [("files only", "openFDA not fetched", False, True, cases)]
    [materialized] = [
        m
        for m in result.asset_materializations_for_node("faers_files_tables")
        if m.asset_key == dg.AssetKey("source_reconciliation")
    ]
    assert {key: value.value for key, value in materialized.metadata.items()} == {
        "files only": cases
    }
    [check] = [
        c
        for c in result.get_asset_check_evaluations()
        if c.check_name == "gx_source_reconciliation"
    ]
    assert check.passed and check.metadata["rows"].value == cases  # validated, not skipped


def test_a_second_files_run_downloads_and_lands_nothing(sources, tmp_path):
    data_dir = tmp_path / "data"
    assert _run(sources, data_dir, files_refresh_job).success
    served = len(sources.site.requests)
    again = _run(sources, data_dir, files_refresh_job)
    assert again.success
    landing = _metadata(again, "faers_files_landing")
    assert landing["downloaded"] == 0 and landing["unchanged"] == 4
    assert landing["quarters_landed"] == 0
    assert len(sources.site.requests) == served + 1  # the index page only
    case_set = _metadata(again, "faers_case_set")
    assert (case_set["mode"], case_set["why"]) == (
        "unchanged",
        "no quarter was landed since the case set was built",
    )


def test_a_later_quarter_is_added_to_the_case_set(sources, files_only, tmp_path):
    """A run of the first three quarters, then one of the fourth: the case set adds it and
    holds what the one run over all four built."""
    data_dir = tmp_path / "data"
    first = _run(sources, data_dir, files_refresh_job, last="2021Q2")
    assert first.success
    assert _metadata(first, "faers_case_set")["mode"] == "rebuild"
    later = _run(sources, data_dir, files_refresh_job, first=LAST)
    assert later.success
    case_set = _metadata(later, "faers_case_set")
    assert (case_set["mode"], case_set["quarters_added"]) == ("incremental", LAST)
    assert case_set["reconciles"] is True
    whole_dir, _ = files_only
    assert (
        differences(data_dir / "work" / "case_set.duckdb", whole_dir / "work" / "case_set.duckdb")
        == {}
    )


def test_both_sources_reconcile_case_by_case(sources, both):
    data_dir, result = both
    with duckdb.connect(str(data_dir / "faers.duckdb"), read_only=True) as con:
        statuses = dict(
            con.execute("select status, count(*) from source_reconciliation group by 1").fetchall()
        )
        deleted_in_openfda = con.execute(
            "select count(*) from source_reconciliation "
            "where status = 'openfda only' and reason = 'deleted by FDA'"
        ).fetchone()[0]
        unexplained_openfda_only = con.execute(
            "select count(*) from source_reconciliation "
            "where status = 'openfda only' and reason is null"
        ).fetchone()[0]
        reports = con.execute("select count(*) from reports").fetchone()[0]
    assert statuses["both"] > 0
    assert deleted_in_openfda == statuses.get("openfda only", 0) > 0
    assert unexplained_openfda_only == 0
    assert statuses["both"] + deleted_in_openfda == reports
    assert {c.check_name for c in result.get_asset_check_evaluations() if not c.passed} <= {
        "gx_raw_records",  # warnings only (the awkward records); errors would fail the run
        "gx_reports",
    }


def test_the_sensor_asks_for_a_newly_posted_quarter_only(sources, both, tmp_path):
    data_dir, _ = both
    extra = write_sample_zips(
        tmp_path / "later", today=TODAY, scale=SCALE, first="2021Q4", last="2021Q4"
    )
    [(name, path)] = [(p.name, p) for p in extra.zips.values()]

    def evaluate() -> dg.RunRequest | dg.SkipReason:
        home = tmp_path / "home"
        home.mkdir(exist_ok=True)
        with (
            dg.DagsterInstance.local_temp(str(home)) as instance,
            dg.build_sensor_context(
                instance=instance,
                resources=_resources(sources, data_dir),
                cursor=None,
            ) as context,
        ):
            return faers_files_posted(context)

    nothing_new = evaluate()
    assert isinstance(nothing_new, dg.SkipReason)
    sources.site.publish(name, path)
    try:
        request = evaluate()
    finally:
        sources.site.withdraw(name)
    assert isinstance(request, dg.RunRequest)
    assert request.tags["dagster/asset_partition_range_start"] == "2021Q4"
    assert request.tags["dagster/asset_partition_range_end"] == "2021Q4"
    assert request.run_key is not None and request.run_key.startswith("faers-files-2021Q4:")


def test_the_dashboards_say_what_each_source_holds(both, tmp_path):
    """Every page names the source of its charts (openFDA) and states what FDA's files and the
    reconciliation hold, with the counts of the published tables."""
    from ketamine_faers.dashboards import build_site

    data_dir, _ = both
    build_site(data_dir / "faers.duckdb", tmp_path / "site")
    with duckdb.connect(str(data_dir / "faers.duckdb"), read_only=True) as con:
        cases = con.execute("select count(*) from faers_files.cases").fetchone()[0]
        in_both = con.execute(
            "select count(*) from source_reconciliation where status = 'both'"
        ).fetchone()[0]
    for page in (tmp_path / "site").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        files = html.split('id="files-source">')[1].split("</dd>")[0]
        reconciled = html.split('id="reconciliation">')[1].split("</dd>")[0]
        assert f"4 quarters (2020Q4 to 2021Q3): {cases:,} cases naming" in files, page.name
        assert files.startswith("SYNTHETIC sample")
        assert f"in both {in_both:,};" in reconciled
        assert "Source of the charts and signals" in html


def test_the_dashboards_of_an_openfda_build_say_the_files_are_not_loaded(built, tmp_path):
    from ketamine_faers.dashboards import build_site

    build_site(built.published_db, tmp_path / "site")
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'id="files-source">not loaded in this build' in html
    assert 'id="reconciliation">not built' in html
