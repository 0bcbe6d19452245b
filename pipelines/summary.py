"""What a finished run prints: where things are and how many records each quarter holds.

The summary is read after failed runs too, so it must survive what made them fail: an
unreadable ``work/raw.duckdb`` is one line, never a traceback that hides the "Run FAILED."
banner. And what it says about the published build is what happened to the file, not what
usually happens.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from ketamine_faers.settings import Settings
from ketamine_faers.sql_files import read_sql
from ketamine_faers.warehouse import connect_raw

#: The published file as the file system knows it: (inode, mtime in ns, size). Publishing
#: renames a new file over it, so a replaced build has a new inode.
FileIdentity = tuple[int, int, int]


def print_summary(settings: Settings, success: bool) -> None:
    print()
    print(f"Raw landing:        {settings.raw_db.absolute()}")
    if settings.raw_db.is_file():
        _print_raw_counts(settings.raw_db)
    published = settings.published_db
    if published.is_file():
        print(f"Published database: {published.absolute()}")
        print(f"  open it read-only: duckdb -readonly {published}")
    else:
        print(f"Published database: not written yet ({published})")
    index = settings.dashboards_dir / "index.html"
    if index.is_file():
        print(f"Dashboards:         {index.absolute()}")
        # serve reads FAERS_DATA_DIR like run does; a demo's folder must be named to it
        prefix = "" if settings.data_dir == Path("data") else f"FAERS_DATA_DIR={settings.data_dir} "
        print(f"  or serve them:    {prefix}ketamine-faers serve")
    print("Run finished." if success else "Run FAILED.")


def _print_raw_counts(raw_db: Path) -> None:
    """The records of each quarter, or one line saying why the raw database cannot be read."""
    try:
        with connect_raw(raw_db, read_only=True) as con:
            rows = con.execute(
                read_sql("operations/raw_landing/select_fetch_summary.sql")
            ).fetchall()
    except (duckdb.Error, OSError) as problem:
        reason = " ".join(str(problem).split())[:200]
        print(
            f"  cannot be read ({reason}); move it aside and run again to land the quarters afresh"
        )
        return
    total = sum(r[1] for r in rows)
    print(f"  {total} records in {len(rows)} non-empty quarters")
    for quarter, records, api_total in rows:
        flag = "" if records == api_total else f"  (openFDA total {api_total})"
        print(f"  {quarter}: {records}{flag}")


def published_identity(settings: Settings) -> FileIdentity | None:
    """The published file's identity, or None when there is none."""
    try:
        stat = settings.published_db.stat()
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def failure_note(before: FileIdentity | None, after: FileIdentity | None) -> str:
    """What a failed run left published, from the file's identity before and after it: a run
    can fail after publishing (in the dashboards, say), and then the build *was* replaced."""
    if after is None:
        return "The run failed; see the log above. Nothing has been published yet."
    if after == before:
        return "The run failed; see the log above. The last published build is unchanged."
    return (
        "The run failed after a new build was published: faers.duckdb holds this run's build, "
        "and what failed came after publishing; see the log above."
    )
