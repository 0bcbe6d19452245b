"""Which tables a connection can see: one existence check for every module that must not
query a table that is not there (the quality suites, the incremental build state)."""

from __future__ import annotations

import duckdb

from ketamine_faers.sql_files import read_sql


def relation_exists(con: duckdb.DuckDBPyConnection, qualified: str) -> bool:
    """Whether a table or view exists. ``reports`` and ``main.reports`` are relations of the
    current database, ``raw.raw_records`` one of the attached catalog ``raw`` (whose schema is
    main), ``raw.main.raw_records`` the same spelled out."""
    parts = qualified.split(".")
    catalog, schema, table = None, "main", parts[-1]
    if len(parts) == 3:
        catalog, schema = parts[0], parts[1]
    elif len(parts) == 2:
        attached = (
            parts[0] != "main"
            and con.execute(
                read_sql("operations/catalog/count_catalog.sql"), {"catalog_name": parts[0]}
            ).fetchone()[0]
        )
        catalog, schema = (parts[0], "main") if attached else (None, parts[0])
    (count,) = con.execute(
        read_sql("operations/catalog/count_relation.sql"),
        {"catalog_name": catalog, "schema_name": schema, "table_name": table},
    ).fetchone()
    return bool(count)
