"""Scale benchmark: every stage at 10k, 100k and 1M raw records, each stage in its own process.

    python -m benchmarks.run_benchmark [--sizes 10k,100k,1M] [--repeats R] [--dir DIR]
                                       [--no-pipeline-at 1M]

For each size N the corpus is generated once (``standins.sample``, seeded; scale
chosen so that about N records name ketamine or esketamine, i.e. about N records are landed)
into ``DIR/N/raw.duckdb`` in the raw landing's shape (``raw_records``, ``raw_fetches``). The
other-drug records of the same corpus are only counted: the background counts
(``raw.background_counts``) are computed directly from the whole generated corpus while it
streams (reports per quarter, per product, per effect term and per category, with the exact
searches of ``background_queries``), not fetched over HTTP. Then each stage runs in a child
process whose peak RSS the parent reads with ``os.wait4``:

* ``clean``     raw -> reports, drugs, reactions, quarantine (``build_clean_tables``)
* ``baseline``  the same step the common way: json.loads per record, pandas.json_normalize
                for reports, drugs and reactions (record_path), DuckDB insert
* ``marts``     clean -> effect tables, marts and signals (``build_effect_tables``)
* ``gx``        every openFDA GX suite (``quality.validate_all``); the GX import is timed apart
* ``dashboards`` publish (``publish_build``) and ``build_site``
* ``pipeline``  a whole Dagster run (every asset and check, 2004Q1..now) against a
                ``LocalOpenFDA`` serving the whole corpus, with its HTTP request count

Before every run the parent times a fixed two-thread DuckDB query (:data:`CALIBRATION_SQL`),
stored with the run as ``calibration_seconds``, with the load average as ``load_before``.
Results accumulate in ``DIR/results.json``; a markdown summary is printed at the end.
Nothing under DIR is committed data; it is for timing only.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ketamine_faers.paths import PROJECT_ROOT

if TYPE_CHECKING:
    from dagster import AssetsDefinition, AssetSpec, SourceAsset

ROOT = PROJECT_ROOT
LANDED_PER_SCALE = 39_856  # records naming a product at scale 1.0 (measured)
BATCH = 50_000
DEFAULT_DIR = Path(os.environ.get("BENCH_DIR", "/tmp/ketamine-faers-bench"))
STAGES = ("clean", "baseline", "marts", "gx", "dashboards", "pipeline")


# --------------------------------------------------------------------------- helpers
def parse_size(text: str) -> int:
    text = text.strip().lower()
    factor = 1
    if text.endswith("k"):
        factor, text = 1_000, text[:-1]
    elif text.endswith("m"):
        factor, text = 1_000_000, text[:-1]
    return int(float(text) * factor)


def corpus_scale(n: int) -> float:
    """The sample corpus scale that lands about ``n`` records; the generator and the
    whole-pipeline stage both use it, so they serve the same corpus."""
    return n / LANDED_PER_SCALE


def label(n: int) -> str:
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def emit(result: dict) -> None:
    print("RESULT " + json.dumps(result, default=str), flush=True)


# --------------------------------------------------------------------------- generate
def stage_generate(folder: Path, n: int) -> dict:
    import duckdb
    import pandas as pd

    from ketamine_faers.quarters import all_quarters, quarter_bounds
    from ketamine_faers.sources.openfda.background import (
        SCOPES,
        background_queries,
        effect_terms_from_csv,
    )
    from ketamine_faers.sql_files import read_sql
    from ketamine_faers.vocabulary import PRODUCT_NAMES
    from standins.sample.corpus import iter_sample_records, products_named
    from standins.sample.plan import quarter_of_receivedate

    started = time.perf_counter()
    today = date.today()
    scale = corpus_scale(n)
    terms = effect_terms_from_csv()
    categories: dict[str, set[str]] = {}
    for category, term, scope in terms:
        for in_scope in SCOPES if scope == "narrow" else ("broad",):
            categories.setdefault(term.lower(), set()).add(f"{category}/{in_scope}")
    served: Counter[str] = Counter()
    counts: Counter[tuple[str, str, str]] = Counter()
    path = folder / "raw.duckdb"
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    con.execute(read_sql("operations/raw_landing/create_raw_records.sql"))
    con.execute(read_sql("operations/raw_landing/create_background_counts.sql"))
    fetched_at = datetime.now(UTC).replace(tzinfo=None)
    landed: Counter[str] = Counter()
    rows: list[tuple] = []

    def flush() -> None:
        frame = pd.DataFrame(rows, columns=["quarter", "record_seq", "safetyreportid", "record"])
        con.register("batch", frame)
        con.execute(
            "insert into raw_records select quarter, record_seq, safetyreportid, record::json,"
            " ?, date '2026-11-20' from batch",
            [fetched_at],
        )
        con.unregister("batch")
        rows.clear()

    for record in iter_sample_records(scale=scale, today=today):
        quarter = quarter_of_receivedate(record["receivedate"])
        served[quarter] += 1
        counts[(quarter, "total_reports", "all")] += 1
        products = products_named(record)
        for product in products:
            counts[(quarter, "product_reports", product)] += 1
        reactions = (record.get("patient") or {}).get("reaction") or []
        seen = {
            str(r.get("reactionmeddrapt", "")).lower()
            for r in (reactions if isinstance(reactions, list) else [reactions])
            if isinstance(r, dict)
        }
        cats: set[str] = set()
        for term in seen:
            counts[(quarter, "reports_with_term", term)] += 1
            cats |= categories.get(term, set())
        for cat in cats:
            counts[(quarter, "category_reports", cat)] += 1
        if not products:
            continue
        landed[quarter] += 1
        sid = record.get("safetyreportid")
        rows.append(
            (quarter, landed[quarter], None if sid is None else str(sid), json.dumps(record))
        )
        if len(rows) >= BATCH:
            flush()
    if rows:
        flush()
    generated = time.perf_counter() - started

    fetches = [
        (
            q,
            fetched_at,
            landed.get(q, 0),
            landed.get(q, 0),
            max(1, math.ceil(landed[q] / 1000)),
            0,
            "benchmark://generated",
            date(2026, 11, 20),
            True,
        )
        for q in all_quarters(today)
    ]
    con.register("fetches", pd.DataFrame(fetches))
    con.execute("insert into raw_fetches select * from fetches")
    background = []
    for quarter in all_quarters(today):
        if not landed.get(quarter):
            continue  # the asset skips quarters without a product report
        start, end = quarter_bounds(quarter)
        for query in background_queries(start, end, terms):
            key = query.key.lower() if query.measure == "reports_with_term" else query.key
            background.append(
                (
                    quarter,
                    query.measure,
                    query.key,
                    query.search,
                    counts.get((quarter, query.measure, key), 0),
                    fetched_at,
                    date(2026, 11, 20),
                    True,
                )
            )
    con.register("background", pd.DataFrame(background))
    con.execute("insert into background_counts select * from background")
    ((total,),) = con.execute("select count(*) from raw_records").fetchall()
    con.execute("checkpoint")
    con.close()
    assert set(PRODUCT_NAMES) >= {"ketamine", "esketamine"}
    return {
        "stage": "generate",
        "seconds": round(time.perf_counter() - started, 2),
        "stream_seconds": round(generated, 2),
        "scale": round(scale, 4),
        "corpus_records": sum(served.values()),
        "raw_records": total,
        "background_rows": len(background),
        "quarters_with_reports": sum(1 for q in landed if landed[q]),
        "landed_by_quarter": dict(landed),
        "served_by_quarter": dict(served),
        "raw_bytes": path.stat().st_size,
    }


# --------------------------------------------------------------------------- stages
def stage_clean(folder: Path, n: int) -> dict:
    import duckdb

    from ketamine_faers.clean_model import build_clean_tables

    out = folder / "clean.duckdb"
    out.unlink(missing_ok=True)
    con = duckdb.connect(str(out))
    con.execute("attach ? as raw (read_only)", [str(folder / "raw.duckdb")])
    started = time.perf_counter()
    funnel = build_clean_tables(con)
    seconds = time.perf_counter() - started
    con.close()
    return {"stage": "clean", "seconds": round(seconds, 3), "funnel": funnel.as_metadata()}


def stage_baseline(folder: Path, n: int) -> dict:
    """raw -> clean as most public FAERS projects do it: parse each record with json.loads,
    flatten with pandas.json_normalize (reports; drugs and reactions with record_path), then
    insert the frames into DuckDB. No quarantine, no version dedup, no typing: less work than
    the project's clean step does."""
    import duckdb
    import pandas as pd

    started = time.perf_counter()
    src = duckdb.connect(str(folder / "raw.duckdb"), read_only=True)
    texts = src.execute("select record::varchar from raw_records").fetchall()
    src.close()
    loaded = time.perf_counter()
    records = [json.loads(text) for (text,) in texts]
    del texts
    parsed = time.perf_counter()

    def with_list(key: str) -> list[dict]:
        return [
            r
            for r in records
            if isinstance(r.get("patient"), dict) and isinstance(r["patient"].get(key), list)
        ]

    reports = pd.json_normalize(records)
    reports = reports.drop(
        columns=[c for c in ("patient.drug", "patient.reaction") if c in reports.columns]
    )
    drugs = pd.json_normalize(
        with_list("drug"),
        record_path=["patient", "drug"],
        meta=["safetyreportid"],
        errors="ignore",
    )
    reactions = pd.json_normalize(
        with_list("reaction"),
        record_path=["patient", "reaction"],
        meta=["safetyreportid"],
        errors="ignore",
    )
    normalized = time.perf_counter()
    out = folder / "baseline.duckdb"
    out.unlink(missing_ok=True)
    con = duckdb.connect(str(out))
    sizes = {}
    for name, frame in (("reports", reports), ("drugs", drugs), ("reactions", reactions)):
        frame.columns = [c.replace(".", "_") for c in frame.columns]
        frame = frame.astype(str)  # nested lists and mixed types: the usual way out
        con.register("frame", frame)
        con.execute(f"create table {name} as select * from frame")  # noqa: S608
        con.unregister("frame")
        sizes[name] = len(frame)
    con.close()
    done = time.perf_counter()
    return {
        "stage": "baseline",
        "seconds": round(done - started, 3),
        "read_seconds": round(loaded - started, 3),
        "json_loads_seconds": round(parsed - loaded, 3),
        "json_normalize_seconds": round(normalized - parsed, 3),
        "insert_seconds": round(done - normalized, 3),
        "rows": sizes,
    }


def stage_marts(folder: Path, n: int) -> dict:
    import duckdb

    from ketamine_faers.effects_model import build_effect_tables

    build = folder / "build.duckdb"
    shutil.copyfile(folder / "clean.duckdb", build)
    con = duckdb.connect(str(build))
    con.execute("attach ? as raw (read_only)", [str(folder / "raw.duckdb")])
    started = time.perf_counter()
    counts = build_effect_tables(con)
    seconds = time.perf_counter() - started
    con.close()
    return {"stage": "marts", "seconds": round(seconds, 3), "tables": counts}


def stage_gx(folder: Path, n: int) -> dict:
    import duckdb

    started = time.perf_counter()
    import great_expectations  # noqa: F401

    from assets.quality import CLEAN_SUITES, EFFECT_SUITES, RAW_SUITES
    from ketamine_faers import quality

    imported = time.perf_counter() - started
    con = duckdb.connect(str(folder / "build.duckdb"), read_only=True)
    con.execute("attach ? as raw (read_only)", [str(folder / "raw.duckdb")])
    started = time.perf_counter()
    # the openFDA pipeline's suites (the files source's tables are not built here)
    suites = [*RAW_SUITES, *CLEAN_SUITES, *EFFECT_SUITES]
    outcomes = quality.validate_all(con, "benchmark", suites=suites)
    seconds = time.perf_counter() - started
    con.close()
    return {
        "stage": "gx",
        "seconds": round(seconds, 3),
        "import_seconds": round(imported, 2),
        "suites": {o.suite: round(o.seconds, 3) for o in outcomes},
        "expectations": sum(len(o.results) for o in outcomes),
        "failures": {o.suite: len(o.failures()) for o in outcomes if o.failures()},
    }


def stage_dashboards(folder: Path, n: int) -> dict:
    from ketamine_faers.dashboards import build_site
    from ketamine_faers.publish import publish_build

    site_dir = folder / "site" / "dashboards"
    started = time.perf_counter()
    published = publish_build(folder / "build.duckdb", folder / "site" / "faers.duckdb")
    publish = time.perf_counter() - started
    report = build_site(published.path, site_dir)
    seconds = time.perf_counter() - started
    return {
        "stage": "dashboards",
        "seconds": round(seconds, 3),
        "publish_seconds": round(publish, 3),
        "build_site_seconds": round(seconds - publish, 3),
        "pages": len(report.pages),
    }


def stage_pipeline(folder: Path, n: int) -> dict:
    import dagster as dg
    import duckdb

    from assets.resources import FaersFilesResource, OpenFDAResource, WarehouseResource
    from assets.run_tags import partition_range_tags
    from ketamine_faers.quarters import all_quarters, quarter_bounds
    from ketamine_faers.sources.openfda.background import background_queries, effect_terms_from_csv
    from standins.openfda import LocalOpenFDA
    from standins.sample.corpus import iter_sample_records

    started = time.perf_counter()
    records = list(iter_sample_records(scale=corpus_scale(n), today=date.today()))
    corpus_seconds = time.perf_counter() - started
    data_dir = folder / "pipeline"
    shutil.rmtree(data_dir, ignore_errors=True)
    quarters = all_quarters()
    from pipelines.jobs import OPENFDA_SELECTION

    with LocalOpenFDA(records) as service:
        del records
        served_at = time.perf_counter()
        result = dg.materialize(
            _project_assets(),
            selection=OPENFDA_SELECTION,  # the openFDA pipeline (the files source has its own)
            resources={
                "openfda": OpenFDAResource(
                    base_url=service.url, requests_per_minute=0, backoff_base_seconds=0.01
                ),
                "warehouse": WarehouseResource(data_dir=str(data_dir / "data")),
                "faers_files": FaersFilesResource(),  # not selected here; Dagster wants it
            },
            tags=partition_range_tags(quarters[0], quarters[-1]),
            instance=dg.DagsterInstance.ephemeral(),
            raise_on_error=False,
        )
        seconds = time.perf_counter() - served_at
        requests = len(service.requests)
    con = duckdb.connect(str(data_dir / "data" / "work" / "raw.duckdb"), read_only=True)
    landed = dict(con.execute("select quarter, records from raw_fetches").fetchall())
    ((raw_records,),) = con.execute("select count(*) from raw_records").fetchall()
    con.close()
    terms = effect_terms_from_csv()
    page_minimum = sum(max(1, math.ceil(landed.get(q, 0) / 1000)) for q in quarters)
    count_minimum = 0
    for q in quarters:
        if landed.get(q):
            queries = background_queries(*quarter_bounds(q), terms)
            count_minimum += sum(1 for x in queries if x.kind != "count") + 1
    return {
        "stage": "pipeline",
        "seconds": round(seconds, 3),
        "service_setup_seconds": round(served_at - started, 2),
        "corpus_seconds": round(corpus_seconds, 2),
        "success": result.success,
        "raw_records": raw_records,
        "requests": requests,
        "minimum_requests": page_minimum + count_minimum,
        "minimum_page_requests": page_minimum,
        "minimum_count_requests": count_minimum,
        "dashboards": (data_dir / "data" / "dashboards" / "index.html").is_file(),
    }


def _project_assets() -> list[AssetsDefinition | AssetSpec | SourceAsset]:
    """Every asset and asset check of the project, as ``dg.materialize`` takes them. The
    project defines no cacheable (deferred) assets, so anything else found is an error."""
    import dagster as dg

    from assets import ASSET_MODULES

    loaded = [
        *dg.load_assets_from_modules(ASSET_MODULES),
        *dg.load_asset_checks_from_modules(ASSET_MODULES),
    ]
    out: list[AssetsDefinition | AssetSpec | SourceAsset] = []
    for item in loaded:
        if not isinstance(item, dg.AssetsDefinition | dg.AssetSpec | dg.SourceAsset):
            raise TypeError(f"cannot materialize {item!r} directly")
        out.append(item)
    return out


CHILD = {
    "generate": stage_generate,
    "clean": stage_clean,
    "baseline": stage_baseline,
    "marts": stage_marts,
    "gx": stage_gx,
    "dashboards": stage_dashboards,
    "pipeline": stage_pipeline,
}


# --------------------------------------------------------------------------- parent
def run_child(stage: str, folder: Path, n: int) -> dict:
    """Run one stage in a fresh interpreter; returns its result plus peak RSS (MiB)."""
    began = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "benchmarks.run_benchmark",
            "--child",
            stage,
            "--dir",
            str(folder),
            "--n",
            str(n),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    lines = [line for line in output.splitlines() if line.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"stage {stage} at {n} failed ({proc.returncode}):\n{output[-3000:]}")
    result = json.loads(lines[-1][len("RESULT ") :])
    result["peak_rss_mib"] = round(usage.ru_maxrss / 1024, 1)  # Linux: KiB
    result["process_seconds"] = round(time.perf_counter() - began, 2)
    result["cpu_seconds"] = round(usage.ru_utime + usage.ru_stime, 2)
    return result


#: A fixed two-thread DuckDB query timed before every run. The machine is a shared VM whose
#: speed drifts by a quarter over minutes to hours; this figure tells a slow phase of the
#: machine from a slower change (benchmarks/RESULTS.md).
CALIBRATION_SQL = "select sum(hash(i)) from range(100000000) as t(i)"


def calibrate() -> float:
    """Seconds :data:`CALIBRATION_SQL` takes right now on two threads."""
    import duckdb

    con = duckdb.connect(config={"threads": 2})
    try:
        con.execute("set enable_progress_bar = false")
        started = time.perf_counter()
        con.execute(CALIBRATION_SQL).fetchall()
        return round(time.perf_counter() - started, 3)
    finally:
        con.close()


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        line.split()[1]
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "mem_gib": round(int(mem) / 1024 / 1024, 1),
        "python": platform.python_version(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1M")
    parser.add_argument(
        "--repeats", type=int, default=None, help="default 3 below 1M, 1 at 1M and above"
    )
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--stages", default=",".join(STAGES))
    parser.add_argument(
        "--no-pipeline-at",
        default="",
        help="sizes (comma-separated) at which the Dagster run is skipped; '' for none",
    )
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--child", choices=sorted(CHILD))
    parser.add_argument("--n", type=int)
    args = parser.parse_args(argv)

    if args.child:
        emit(CHILD[args.child](args.dir, args.n))
        return 0

    base = args.dir
    base.mkdir(parents=True, exist_ok=True)
    results_path = base / "results.json"
    results = json.loads(results_path.read_text()) if results_path.exists() else {}
    results["machine"] = machine()
    skip_pipeline = {parse_size(s) for s in args.no_pipeline_at.split(",") if s.strip()}
    stages = [s for s in args.stages.split(",") if s]
    for n in (parse_size(s) for s in args.sizes.split(",")):
        folder = base / label(n)
        folder.mkdir(exist_ok=True)
        entry = results.setdefault(label(n), {"runs": {}})
        if args.regenerate or not (folder / "generate.json").exists():
            gen = run_child("generate", folder, n)
            (folder / "generate.json").write_text(json.dumps(gen))
        gen = json.loads((folder / "generate.json").read_text())
        entry["generate"] = {k: v for k, v in gen.items() if not k.endswith("_by_quarter")}
        print(
            f"[{label(n)}] {gen['raw_records']:,} raw records "
            f"({gen['corpus_records']:,} in the corpus) generated in {gen['seconds']} s"
        )
        repeats = args.repeats or (3 if n < 1_000_000 else 1)
        for stage in stages:
            if stage == "pipeline" and n in skip_pipeline:
                continue
            runs = []
            for _ in range(1 if stage == "pipeline" else repeats):
                load = os.getloadavg()[0]
                calibration = calibrate()
                result = run_child(stage, folder, n)
                result["load_before"] = round(load, 2)
                result["calibration_seconds"] = calibration
                runs.append(result)
                print(
                    f"[{label(n)}] {stage}: {result['seconds']} s, "
                    f"peak RSS {result['peak_rss_mib']} MiB "
                    f"(load {load:.2f}, calibration {calibration:.3f} s)",
                    flush=True,
                )
            entry["runs"][stage] = runs
            entry["raw_records"] = gen["raw_records"]
            entry["date"] = datetime.now(UTC).isoformat(timespec="seconds")
            results_path.write_text(json.dumps(results, indent=1, default=str))
    print(summary(results))
    return 0


def summary(results: dict) -> str:
    lines = [
        "| N | raw records | stage | runs | median s | s per 1k records | records/s | "
        "peak RSS MiB | vs baseline |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    sizes = sorted((k for k in results if k != "machine"), key=parse_size)
    for key in sizes:
        entry = results[key]
        n = entry.get("raw_records") or 1
        medians = {
            stage: statistics.median(r["seconds"] for r in runs)
            for stage, runs in entry["runs"].items()
        }
        for stage, runs in entry["runs"].items():
            med = medians[stage]
            ratio = ""
            if stage == "clean" and "baseline" in medians:
                ratio = f"{medians['baseline'] / med:.1f}x faster"
            lines.append(
                f"| {key} | {n:,} | {stage} | {len(runs)} | {med:.2f} | {med / n * 1000:.4f} | "
                f"{n / med:,.0f} | {max(r['peak_rss_mib'] for r in runs):,.0f} | {ratio} |"
            )
    stages = [s for s in STAGES if any(s in results[k]["runs"] for k in sizes)]
    lines += [
        "",
        "Seconds per 1,000 raw records (median), by size:",
        "",
        "| stage | " + " | ".join(sizes) + " |",
        "| --- | " + " | ".join("---:" for _ in sizes) + " |",
    ]
    for stage in stages:
        cells = []
        for key in sizes:
            runs = results[key]["runs"].get(stage)
            n = results[key].get("raw_records") or 1
            med = statistics.median(r["seconds"] for r in runs) if runs else None
            cells.append("-" if med is None else f"{med / n * 1000:.4f}")
        lines.append(f"| {stage} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
