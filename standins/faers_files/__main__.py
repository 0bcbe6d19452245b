"""``python -m standins.faers_files --zips DIR [--port N]``: serve FDA's download site
locally, publishing every FDA-named zip in DIR, until Ctrl-C (or SIGTERM)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ..http_server import serve_until_interrupted
from .site import LocalFaersFiles


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m standins.faers_files",
        description="Serve FDA's quarterly-files page and zips locally (127.0.0.1).",
    )
    parser.add_argument(
        "--zips",
        type=Path,
        required=True,
        help="folder of zips named as FDA links them (faers_ascii_2019Q1.zip, ...)",
    )
    parser.add_argument("--port", type=int, default=8001, help="0 picks a free port")
    parser.add_argument("--host", default="127.0.0.1")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not args.zips.is_dir():
        print(f"--zips {args.zips} is not a folder", file=sys.stderr)
        return 2
    site = LocalFaersFiles.from_folder(args.zips, host=args.host, port=args.port)
    return serve_until_interrupted(
        site,
        lambda: (
            f"local FDA files site: {len(site.published)} zips, page at {site.page_url}"
            " (Ctrl-C stops)"
        ),
    )


if __name__ == "__main__":
    sys.exit(main())
