"""`ketamine-faers`: run, demo, serve, stats.

`run` and `demo` execute the same Dagster job in this process; `demo` first starts the bundled
local openFDA service on 127.0.0.1 and points the pipeline at it. `serve` runs
:mod:`ketamine_faers.serving` (no Dagster).

Whatever a user can get wrong (a quarter, a port, a count, a setting, a data folder that is a
file) ends in one line on stderr that says what is wrong and what to do, and a non-zero exit:
a traceback of sixty lines buries the one line that matters.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import NoReturn

from ketamine_faers.quarters import FIRST_QUARTER, all_quarters, parse_quarter, quarters_between
from ketamine_faers.settings import DATA_DIR_ENV, Settings, SettingsError

#: ``--source`` values; each names a job in pipelines/jobs.py (JOB_FOR_SOURCE), imported
#: lazily so that ``stats`` and ``serve`` start without Dagster.
SOURCES = ("all", "files", "openfda")

DEMO_DATA_DIR = Path("data") / "demo"
PROG = "ketamine-faers"
#: Exit status of a usage or configuration error (argparse's own).
USAGE_ERROR = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but an error is one line: argparse's usage block before the message would
    push the message itself out of sight."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    first, last = getattr(args, "first", None), getattr(args, "last", None)
    if first and last and parse_quarter(first) > parse_quarter(last):
        args.parser.error(
            f"--first {first} is after --last {last}: give the earlier quarter as --first"
        )
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        code: int = args.handler(args)
    except SettingsError as problem:
        print(f"{PROG}: error: {problem}", file=sys.stderr)
        return USAGE_ERROR
    return code


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="FAERS reports of ketamine and esketamine, from openFDA to DuckDB.",
    )
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    run = sub.add_parser(
        "run", help="fetch from OPENFDA_BASE_URL and/or FAERS_FILES_URL and build everything"
    )
    _add_quarter_options(run)
    _add_source_option(run, default="openfda")
    run.set_defaults(handler=_run, parser=run)

    demo = sub.add_parser(
        "demo", help="the same, against the bundled local openFDA service and files site"
    )
    _add_quarter_options(demo)
    _add_source_option(demo, default="all")
    demo.set_defaults(handler=_demo, parser=demo)

    serve = sub.add_parser("serve", help="serve the dashboards and Data Docs on 127.0.0.1")
    serve.add_argument("--port", type=_port, default=8765, help="port (default 8765; 0 = any)")
    serve.set_defaults(handler=_serve)

    stats = sub.add_parser("stats", help="disproportionality measures of one 2x2 table as JSON")
    stats.add_argument("cells", nargs=argparse.REMAINDER, help="A B C D")
    stats.set_defaults(handler=_stats)
    return parser


def _add_quarter_options(parser: argparse.ArgumentParser) -> None:
    quarters = all_quarters()
    parser.add_argument(
        "--first", type=_quarter, default=quarters[0], help=f"first quarter (default {quarters[0]})"
    )
    parser.add_argument(
        "--last", type=_quarter, default=quarters[-1], help=f"last quarter (default {quarters[-1]})"
    )
    parser.add_argument(
        "--force-refetch",
        action="store_true",
        help="refetch every quarter, even those openFDA has not changed since they were landed",
    )


def _add_source_option(parser: argparse.ArgumentParser, *, default: str) -> None:
    parser.add_argument(
        "--source",
        choices=SOURCES,
        default=default,
        help=(
            "openfda: the openFDA drug/event API; files: FDA's quarterly data files; all: both "
            f"(default {default})"
        ),
    )


def _quarter(text: str) -> str:
    """An argparse type: a quarter the pipeline has partitions for, 2004Q1 to now."""
    try:
        wanted = parse_quarter(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a quarter: write the year and a quarter 1 to 4, e.g. 2021Q1"
        ) from None
    current = all_quarters()[-1]
    if wanted < parse_quarter(FIRST_QUARTER):
        raise argparse.ArgumentTypeError(
            f"{text} is before {FIRST_QUARTER}, the first quarter openFDA's drug/event data is "
            f"fetched for: give a quarter from {FIRST_QUARTER} to {current}"
        )
    if wanted > parse_quarter(current):
        raise argparse.ArgumentTypeError(
            f"{text} has not begun yet: give a quarter from {FIRST_QUARTER} to {current}"
        )
    return text


def _port(text: str) -> int:
    """An argparse type: a TCP port, or 0 for any free one."""
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a port: give a number from 1 to 65535, or 0 for any free port"
        )
    return port


def _checked_data_dir(data_dir: Path) -> Path:
    """``data_dir`` if it is a folder or can become one; :class:`SettingsError` if it, or the
    nearest part of its path that exists, is a file (the run would fail deep inside DuckDB)."""
    existing = next((p for p in (data_dir, *data_dir.parents) if p.exists()), None)
    if existing is not None and not existing.is_dir():
        where = "is" if existing == data_dir else f"is inside {existing}, which is"
        raise SettingsError(
            f"{DATA_DIR_ENV}={data_dir} {where} a file, not a folder: point {DATA_DIR_ENV} at a "
            "folder (it is created when missing)"
        )
    return data_dir


def _settings_from_env() -> Settings:
    """The run's settings; :class:`SettingsError` (one line) for an unusable one."""
    settings = Settings.from_env()
    _checked_data_dir(settings.data_dir)
    return settings


def _run(args: argparse.Namespace) -> int:
    return _execute(
        quarters_between(args.first, args.last),
        _settings_from_env(),
        args.force_refetch,
        args.source,
    )


def _demo(args: argparse.Namespace) -> int:
    import tempfile
    from concurrent.futures import ProcessPoolExecutor
    from datetime import date

    from standins.faers_files import LocalFaersFiles
    from standins.faers_files.sample_files import write_sample_zips
    from standins.openfda import LocalOpenFDA
    from standins.sample import generate_sample_corpus

    data_dir = os.environ.get(DATA_DIR_ENV)
    _checked_data_dir(Path(data_dir) if data_dir else DEMO_DATA_DIR)  # before any work
    today = date.today()
    with (
        tempfile.TemporaryDirectory(prefix="ketamine-faers-demo-files-") as folder,
        ProcessPoolExecutor(max_workers=1) as pool,
    ):
        # the quarterly zips are written in a second process while this one generates the
        # openFDA corpus: the two take about as long, and the machine has two cores
        writing = (
            pool.submit(write_sample_zips, Path(folder), today=today)
            if args.source != "openfda"
            else None
        )
        records = generate_sample_corpus(today=today)
        files = writing.result() if writing is not None else None
        zips = {path.name: path for path in files.zips.values()} if files else {}
        with LocalOpenFDA(records) as service, LocalFaersFiles(zips) as site:
            print(f"Local openFDA at {service.url}: SYNTHETIC sample of {len(records)} records")
            if files is not None:
                print(
                    f"Local FDA files site at {site.page_url}: the same SYNTHETIC sample as "
                    f"{len(zips)} quarterly zips ({files.total_bytes:,} bytes)"
                )
            settings = demo_settings(service.url, data_dir, files_url=site.page_url)
            return _execute(
                quarters_between(args.first, args.last),
                settings,
                args.force_refetch,
                args.source,
            )


def demo_settings(
    service_url: str, data_dir: str | None, *, files_url: str | None = None
) -> Settings:
    """Settings of a demo: the local service, unthrottled (it is our own), no key, and
    ``./data/demo`` unless ``FAERS_DATA_DIR`` says otherwise, so synthetic records never mix
    into a live ``./data``."""
    return Settings(
        base_url=service_url,
        api_key=None,
        data_dir=Path(data_dir) if data_dir else DEMO_DATA_DIR,
        requests_per_minute=0,
        **({"files_url": files_url} if files_url else {}),
    )


def _execute(
    quarters: list[str], settings: Settings, force_refetch: bool = False, source: str = "openfda"
) -> int:
    from pipelines.runner import run_full_refresh
    from pipelines.summary import failure_note, print_summary, published_identity

    home = os.environ.get("DAGSTER_HOME")
    where = {
        "openfda": settings.base_url,
        "files": settings.files_url,
        "all": f"{settings.base_url} and {settings.files_url}",
    }[source]
    print(f"Fetching {quarters[0]}..{quarters[-1]} from {where}")
    published_before = published_identity(settings)
    result = run_full_refresh(
        settings,
        quarters,
        force_refetch=force_refetch,
        dagster_home=Path(home) if home else None,
        source=source,
    )
    print_summary(settings, result.success)
    if not result.success:
        print(failure_note(published_before, published_identity(settings)))
        return 1
    return 0


def _serve(args: argparse.Namespace) -> int:
    from ketamine_faers.serving import serve

    settings = _settings_from_env()
    site = settings.dashboards_dir
    if not (site / "index.html").is_file():
        print(f"No dashboards at {site}; run `ketamine-faers demo` or `ketamine-faers run` first.")
        return 1
    return serve(site, settings.data_docs_dir, args.port)


def _stats(args: argparse.Namespace) -> int:
    from ketamine_faers.disproportionality import main_stats

    return main_stats(args.cells)


if __name__ == "__main__":
    sys.exit(main())
