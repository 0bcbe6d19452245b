"""How much memory DuckDB may hold in each heavy step before it spills to disk.

DuckDB's default is 80 % of physical memory, so a large step grows until the machine has no
room for anything else. Each heavy step holds its connection to a ceiling measured in
benchmarks/RESULTS.md, or to a share of physical memory on a smaller machine. Results never
depend on the limit, only where the bytes wait.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import duckdb

from ketamine_faers.sql_files import read_sql, run_sql


def memory_limit(ceiling_bytes: int, share_of_physical: float) -> int:
    """``ceiling_bytes``, or ``share_of_physical`` of this machine's memory when that is less."""
    physical = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return min(ceiling_bytes, int(physical * share_of_physical))


def hold_to(con: duckdb.DuckDBPyConnection, limit: int | str) -> None:
    """Set ``con``'s memory limit: bytes, or a setting as DuckDB prints it ('3.7 GiB')."""
    value = f"{limit}B" if isinstance(limit, int) else limit
    run_sql(con, "operations/memory/set_memory_limit.sql", {"limit": value})


@contextlib.contextmanager
def held_to(con: duckdb.DuckDBPyConnection, limit: int) -> Iterator[None]:
    """Hold ``con`` to ``limit`` bytes for the block, then give it back the limit it had: for a
    step that runs on a connection its caller keeps using."""
    ((previous,),) = con.execute(read_sql("operations/memory/select_memory_limit.sql")).fetchall()
    hold_to(con, limit)
    try:
        yield
    finally:
        hold_to(con, previous)
