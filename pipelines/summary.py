"""What a finished run prints: where things are and how many records each quarter holds."""

from __future__ import annotations

from pathlib import Path

from ketamine_faers.settings import Settings
from ketamine_faers.sql_files import read_sql
from ketamine_faers.warehouse import connect_raw


def print_summary(settings: Settings, success: bool) -> None:
    print()
    print(f"Raw landing:        {settings.raw_db.absolute()}")
    if settings.raw_db.is_file():
        with connect_raw(settings.raw_db, read_only=True) as con:
            rows = con.execute(
                read_sql("operations/raw_landing/select_fetch_summary.sql")
            ).fetchall()
        total = sum(r[1] for r in rows)
        print(f"  {total} records in {len(rows)} non-empty quarters")
        for quarter, records, api_total in rows:
            flag = "" if records == api_total else f"  (openFDA total {api_total})"
            print(f"  {quarter}: {records}{flag}")
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
