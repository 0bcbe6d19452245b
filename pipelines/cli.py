"""`ketamine-faers`: run, demo, serve, stats.

`run` and `demo` execute the same Dagster job in this process; `demo` first starts the bundled
local openFDA service on 127.0.0.1 and points the pipeline at it.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import logging
import os
import sys
from pathlib import Path

from ketamine_faers.quarters import all_quarters, quarters_between
from ketamine_faers.settings import DATA_DIR_ENV, Settings

DEMO_DATA_DIR = Path("data") / "demo"


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    return args.handler(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ketamine-faers",
        description="FAERS reports of ketamine and esketamine, from openFDA to DuckDB.",
    )
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="fetch from OPENFDA_BASE_URL and build everything")
    _add_quarter_options(run)
    run.set_defaults(handler=_run)

    demo = sub.add_parser("demo", help="the same, against the bundled local openFDA service")
    _add_quarter_options(demo)
    demo.set_defaults(handler=_demo)

    serve = sub.add_parser("serve", help="serve the dashboards on 127.0.0.1")
    serve.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 = any)")
    serve.set_defaults(handler=_serve)

    stats = sub.add_parser("stats", help="disproportionality measures of one 2x2 table as JSON")
    stats.add_argument("cells", nargs=argparse.REMAINDER, help="A B C D")
    stats.set_defaults(handler=_stats)
    return parser


def _add_quarter_options(parser: argparse.ArgumentParser) -> None:
    quarters = all_quarters()
    parser.add_argument(
        "--first", default=quarters[0], help=f"first quarter (default {quarters[0]})"
    )
    parser.add_argument(
        "--last", default=quarters[-1], help=f"last quarter (default {quarters[-1]})"
    )
    parser.add_argument(
        "--force-refetch",
        action="store_true",
        help="refetch every quarter, even those openFDA has not changed since they were landed",
    )


def _run(args: argparse.Namespace) -> int:
    return _execute(
        quarters_between(args.first, args.last), Settings.from_env(), args.force_refetch
    )


def _demo(args: argparse.Namespace) -> int:
    from standins.openfda import LocalOpenFDA
    from standins.sample import generate_sample_corpus

    records = generate_sample_corpus()
    with LocalOpenFDA(records) as service:
        print(f"Local openFDA at {service.url}: SYNTHETIC sample of {len(records)} records")
        settings = demo_settings(service.url, os.environ.get(DATA_DIR_ENV))
        return _execute(quarters_between(args.first, args.last), settings, args.force_refetch)


def demo_settings(service_url: str, data_dir: str | None) -> Settings:
    """Settings of a demo: the local service, unthrottled (it is our own), no key, and
    ``./data/demo`` unless ``FAERS_DATA_DIR`` says otherwise, so synthetic records never mix
    into a live ``./data``."""
    return Settings(
        base_url=service_url,
        api_key=None,
        data_dir=Path(data_dir) if data_dir else DEMO_DATA_DIR,
        requests_per_minute=0,
    )


def _execute(quarters: list[str], settings: Settings, force_refetch: bool = False) -> int:
    from pipelines.runner import run_full_refresh
    from pipelines.summary import print_summary

    home = os.environ.get("DAGSTER_HOME")
    print(f"Fetching {quarters[0]}..{quarters[-1]} from {settings.base_url}")
    result = run_full_refresh(
        settings,
        quarters,
        force_refetch=force_refetch,
        dagster_home=Path(home) if home else None,
    )
    print_summary(settings, result.success)
    if not result.success:
        print("The run failed; see the log above. The last published build is unchanged.")
        return 1
    return 0


def _serve(args: argparse.Namespace) -> int:
    site = Settings.from_env().dashboards_dir
    if not (site / "index.html").is_file():
        print(f"No dashboards at {site}; run `ketamine-faers demo` or `ketamine-faers run` first.")
        return 1
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        port = server.server_address[1]
        print(f"Serving the dashboards at http://127.0.0.1:{port}/ (Ctrl-C to stop)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


def _stats(args: argparse.Namespace) -> int:
    from ketamine_faers.disproportionality import main_stats

    return main_stats(args.cells)


if __name__ == "__main__":
    sys.exit(main())
