"""``python -m standins.openfda --port N [--records FILE.jsonl]``: run the local
openFDA service in the foreground until Ctrl-C (or SIGTERM)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..http_server import serve_until_interrupted
from .server import LocalOpenFDA, load_records


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m standins.openfda",
        description="Serve openFDA's /drug/event.json locally (127.0.0.1 by default).",
    )
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--records", type=Path, help="records to serve: JSON lines, a JSON array or a response"
    )
    parser.add_argument("--last-updated", default="2026-11-20", help="meta.last_updated")
    parser.add_argument(
        "--synthetic",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="send X-Sample-Corpus: synthetic on every response (default: yes)",
    )
    return parser


def main(
    argv: Sequence[str] | None = None, *, records: Sequence[Mapping[str, Any]] | None = None
) -> int:
    """Run the service. ``records`` is the corpus when ``--records`` is not given (none:
    an empty corpus, which answers 404 "No matches found!" to every search)."""
    args = _parser().parse_args(argv)
    corpus = load_records(args.records) if args.records else list(records or [])
    service = LocalOpenFDA(
        corpus,
        host=args.host,
        port=args.port,
        last_updated=args.last_updated,
        synthetic=args.synthetic,
    )
    return serve_until_interrupted(
        service,
        lambda: (
            f"local openFDA: {len(corpus)} records at {service.url}/drug/event.json (Ctrl-C stops)"
        ),
    )


if __name__ == "__main__":
    sys.exit(main())
