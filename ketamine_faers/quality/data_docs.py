"""GX's Data Docs site: the latest validation of every suite, readable offline.

GX renders the pages; this module keeps each suite's latest result between runs (a run may
validate only some suites), marks each expectation's severity on the suite pages, and puts
a plain HTML summary on the index, because GX fills its own index with CDN scripts. What GX
observed in the data is neutralised before GX renders it, and every page is then stripped of
scripts and remote stylesheets and given a strict CSP (``docs_html``): FAERS text is
hostile input, and the site must open offline.
"""

from __future__ import annotations

import fcntl
import html
import json
import logging
import shutil
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ketamine_faers.quality.docs_html import harden_site, neutralise_result
from ketamine_faers.quality.gx_context import ephemeral_context, run_identifier
from ketamine_faers.quality.gx_results import as_text, notes_of, severity_of
from ketamine_faers.quality.outcomes import ERROR, SEVERITY_OF_GX, WARNING, ValidationOutcome
from ketamine_faers.quality.suites import load_suite, suite_names

if TYPE_CHECKING:
    from great_expectations.data_context import EphemeralDataContext

DATA_DOCS_SITE = "ketamine_faers"

log = logging.getLogger(__name__)


def build_data_docs(outcomes: Sequence[ValidationOutcome], target_dir: Path) -> Path:
    """Write GX's Data Docs site under ``target_dir``; returns its ``index.html``.

    The site shows the latest validation of every suite: ``outcomes`` replace the earlier
    results of their suites, kept as GX's JSON in ``target_dir/results/<suite>.json``, so a
    run that validates only some suites (or calls this once per suite) still leaves a
    complete site. The suite pages show each expectation's severity and why it is there; the
    index starts with a plain HTML table of the suites (GX's own index needs CDN scripts).
    The history of every run is in ``data_quality``.
    """
    target_dir = Path(target_dir)
    results_dir = target_dir / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    # Asset checks may run in parallel processes: one site build at a time.
    with open(target_dir / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _build_data_docs_locked(outcomes, target_dir, results_dir)


def _build_data_docs_locked(
    outcomes: Sequence[ValidationOutcome], target_dir: Path, results_dir: Path
) -> Path:
    from great_expectations.core.expectation_validation_result import (
        ExpectationSuiteValidationResultSchema,
    )
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    for outcome in outcomes:
        if outcome.gx_result is None:
            continue
        stored = {
            "suite": outcome.suite,
            "table": outcome.table,
            "run_id": outcome.run_id,
            "validated_at": outcome.validated_at.isoformat(),
            "result": outcome.gx_result.to_json_dict(),
        }
        incoming = results_dir / f"{outcome.suite}.json.tmp"
        incoming.write_text(json.dumps(stored, default=as_text), encoding="utf-8")
        incoming.replace(results_dir / f"{outcome.suite}.json")

    context = _docs_context(target_dir)
    current = set(suite_names())
    schema = ExpectationSuiteValidationResultSchema()
    summary: list[dict[str, Any]] = []
    for path in sorted(results_dir.glob("*.json")):
        if path.stem not in current:
            continue
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            # FAERS text reaches GX's renderer only as character references (docs_html)
            result = schema.load(neutralise_result(record["result"]))
        except (ValueError, KeyError) as problem:
            log.warning("Data Docs: skipping unreadable result %s (%s)", path, problem)
            continue
        suite = load_suite(path.stem)
        for expectation in suite.expectations:  # the suite page shows notes, not severity
            expectation.notes = f"**Severity: {severity_of(expectation)}.** {notes_of(expectation)}"
        context.suites.add(suite)
        validated_at = datetime.fromisoformat(record["validated_at"])
        key = ValidationResultIdentifier(
            expectation_suite_identifier=ExpectationSuiteIdentifier(name=path.stem),
            run_id=run_identifier(record["run_id"], validated_at),
            batch_identifier=record["table"],
        )
        context.validation_results_store.set(key, result)
        failed = [
            SEVERITY_OF_GX[getattr(r.expectation_config.severity, "value", "critical")]
            for r in result.results
            if not r.success and r.expectation_config is not None
        ]
        summary.append(
            {
                "suite": path.stem,
                "table": record["table"],
                "run_id": record["run_id"],
                "validated_at": validated_at,
                "expectations": len(result.results),
                ERROR: failed.count(ERROR),
                WARNING: failed.count(WARNING),
            }
        )

    # Pages of replaced results would linger as empty folders: the site is rebuilt whole.
    shutil.rmtree(target_dir / "validations", ignore_errors=True)
    shutil.rmtree(target_dir / "expectations", ignore_errors=True)
    context.build_data_docs(site_names=[DATA_DOCS_SITE])
    index = target_dir / "index.html"
    if not index.is_file():
        raise RuntimeError(f"GX built Data Docs but {index} is missing")
    _add_static_summary(index, summary)
    harden_site(target_dir)  # no script, nothing from elsewhere, a strict CSP on every page
    return index


def _add_static_summary(index: Path, summary: list[dict[str, Any]]) -> None:
    """Put a plain HTML table of the suites at the top of GX's index page.

    GX fills its own index table with JavaScript loaded from CDNs, so offline (where this
    pipeline runs) the index would list nothing; the validation and suite pages themselves
    are plain HTML and work offline. The table links to them and says, per suite, how many
    error- and warning-level expectations failed.
    """
    site = index.parent
    rows = []
    for item in summary:
        pages = sorted((site / "validations" / item["suite"]).rglob("*.html"))
        page = pages[-1].relative_to(site).as_posix() if pages else None
        state = (
            "FAILED (blocks publishing)"
            if item[ERROR]
            else ("passed with warnings" if item[WARNING] else "passed")
        )
        suite_link = f"expectations/{html.escape(item['suite'])}.html"
        result_link = (
            f'<a href="{html.escape(page)}">{html.escape(state)}</a>'
            if page
            else html.escape(state)
        )
        rows.append(
            "<tr>"
            f'<td><a href="{suite_link}">{html.escape(item["suite"])}</a></td>'
            f"<td>{html.escape(item['table'])}</td>"
            f"<td>{result_link}</td>"
            f"<td>{item[ERROR]}</td><td>{item[WARNING]}</td><td>{item['expectations']}</td>"
            f"<td>{html.escape(item['run_id'])}</td>"
            f"<td>{item['validated_at']:%Y-%m-%d %H:%M:%S} UTC</td>"
            "</tr>"
        )
    section = (
        '<section id="ketamine-faers-quality" style="margin:1em;font-family:sans-serif">'
        "<h2>ketamine-faers data quality: latest validation of each suite</h2>"
        '<table border="1" cellpadding="4" style="border-collapse:collapse">'
        "<tr><th>suite</th><th>table</th><th>result</th><th>error failures</th>"
        "<th>warning failures</th><th>expectations</th><th>run</th><th>validated</th></tr>"
        + "".join(rows)
        + "</table><p>Error-level failures block publishing; warnings only show. Every run's"
        " results are kept in the data_quality table of the published database.</p></section>"
    )
    text = index.read_text(encoding="utf-8")
    marker = "<body>"
    position = text.find(marker)
    if position < 0:
        raise RuntimeError(f"{index} has no <body>: cannot add the summary")
    position += len(marker)
    index.write_text(text[:position] + section + text[position:], encoding="utf-8")


def _docs_context(target_dir: Path) -> EphemeralDataContext:
    """An ephemeral context whose one Data Docs site is the folder ``target_dir``."""
    context = ephemeral_context()
    context.add_data_docs_site(
        DATA_DOCS_SITE,
        {
            "class_name": "SiteBuilder",
            # SiteBuilder takes it; GX's DataDocsSiteConfigTypedDict omits it (GX notes that
            # the TypedDict "may be incomplete")
            "show_how_to_buttons": False,  # type: ignore[typeddict-unknown-key]
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(target_dir.resolve()),
            },
            "site_index_builder": {
                "class_name": "DefaultSiteIndexBuilder",
                "show_cta_footer": False,
            },
        },
    )
    return context
