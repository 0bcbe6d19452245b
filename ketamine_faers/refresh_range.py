"""Which quarters a scheduled refresh covers.

Normally the previous and the current quarter (where late reports still land). Two cases need
more, or the refresh would build two quarters only and its publish be refused week after week
(a publish never shrinks the published file: ketamine_faers/publish.py):

* the raw landing lacks quarters the published file covers (it was set aside as corrupt and
  started anew): the refresh starts at the first of them;
* there is neither a landing nor a published file (a fresh install whose first run is the
  schedule's): the refresh covers every quarter since openFDA's first.

The landing's incremental probe keeps quarters it already holds cheap (one request each).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from ketamine_faers.catalog import relation_exists
from ketamine_faers.publish import fetched_quarters
from ketamine_faers.quarters import FIRST_QUARTER, recent_quarters
from ketamine_faers.sql_files import read_sql
from ketamine_faers.warehouse import attached_raw, is_damage


def refresh_range(raw_db: Path, published_db: Path, today: date) -> tuple[str, str]:
    """(first, last) quarter of the refresh due ``today`` (see the module's docstring)."""
    first, last = recent_quarters(today)
    landed = _landed_quarters(raw_db)
    if landed is None:
        return first, last  # cannot be told now (held by a run): the usual range
    published = _published_quarters(published_db)
    if not landed and published is None:
        return FIRST_QUARTER, last
    missing = sorted(q for q in (published or set()) if q not in landed and q < first)
    return (missing[0], last) if missing else (first, last)


def _landed_quarters(raw_db: Path) -> set[str] | None:
    """The quarters the raw landing holds a fetch of; empty when there is no usable landing
    (none yet, or a damaged file the next run sets aside); None when it cannot be read now."""
    if not raw_db.exists():
        return set()
    try:
        with duckdb.connect(":memory:") as con, attached_raw(con, raw_db):
            if not relation_exists(con, "raw.raw_fetches"):
                return set()
            sql = read_sql("operations/raw_landing/select_fetched_quarters.sql")
            rows = con.execute(sql).fetchall()
    except duckdb.Error as error:
        return set() if is_damage(error) else None
    return {quarter for (quarter,) in rows}


def _published_quarters(published_db: Path) -> set[str] | None:
    """The quarters the published file covers; None when there is no readable one."""
    if not published_db.exists():
        return None
    try:
        with duckdb.connect(str(published_db), read_only=True) as con:
            return fetched_quarters(con)
    except duckdb.Error:
        return None
