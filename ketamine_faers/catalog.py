"""Which tables a connection can see: one existence check for every module that must not
query a table that is not there (the quality suites, the incremental build state)."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from ketamine_faers.sql_files import read_sql


def relation_exists(con: duckdb.DuckDBPyConnection, qualified: str) -> bool:
    """Whether a table or view exists. ``reports`` and ``main.reports`` are relations of the
    current database, ``raw.raw_records`` one of the attached catalog ``raw`` (whose schema is
    main), ``raw.main.raw_records`` the same spelled out."""
    parts = qualified.split(".")
    catalog: str | None = None
    schema, table = "main", parts[-1]
    if len(parts) == 3:
        catalog, schema = parts[0], parts[1]
    elif len(parts) == 2:
        attached = parts[0] != "main" and _count(
            con, "operations/catalog/count_catalog.sql", {"catalog_name": parts[0]}
        )
        catalog, schema = (parts[0], "main") if attached else (None, parts[0])
    return bool(
        _count(
            con,
            "operations/catalog/count_relation.sql",
            {"catalog_name": catalog, "schema_name": schema, "table_name": table},
        )
    )


def count_rows(con: duckdb.DuckDBPyConnection, tables: Sequence[str]) -> dict[str, int]:
    """Row count of each table of ``con``'s current schema, in the order given."""
    return {
        table: _count(con, "operations/catalog/count_rows.sql", {"table_name": table})
        for table in tables
    }


def _count(con: duckdb.DuckDBPyConnection, sql_file: str, params: dict[str, object]) -> int:
    ((count,),) = con.execute(read_sql(sql_file), params).fetchall()
    return int(count)
