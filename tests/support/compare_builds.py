"""Compare two published databases table by table, as a refactor must leave them: every
table's rows EXCEPT ALL both ways, its columns, types and comments; then again without the
columns that hold the time or run of a build (and the stand-in's port, in source_base_url).

Usage: python -m tests.support.compare_builds OLD.duckdb NEW.duckdb   (exit 1 on a difference)
"""

from __future__ import annotations

import sys

import duckdb

#: Columns that differ between two builds of the same data: when and by which run.
VOLATILE = {"run_id", "fetched_at", "validated_at", "background_fetched_at", "source_base_url"}


def _tables(con: duckdb.DuckDBPyConnection, db: str) -> set[tuple[str, str]]:
    rows = con.execute(
        "select schema_name, table_name from duckdb_tables() where database_name = ?", [db]
    ).fetchall()
    return {(schema, table) for schema, table in rows}


def _columns(con: duckdb.DuckDBPyConnection, db: str, schema: str, table: str) -> list[tuple]:
    return con.execute(
        "select column_name, data_type, comment from duckdb_columns() "
        "where database_name = ? and schema_name = ? and table_name = ? order by column_index",
        [db, schema, table],
    ).fetchall()


def _difference(con, relation: str, columns: str) -> tuple[int, int]:
    def count(a: str, b: str) -> int:
        query = f"select count(*) from (select {columns} from {a}.{relation} except all select {columns} from {b}.{relation})"  # noqa: E501, S608 - names from the catalog
        return int(con.execute(query).fetchall()[0][0])

    return count("old", "new"), count("new", "old")


def compare(old: str, new: str) -> bool:
    con = duckdb.connect()
    con.execute("attach ? as old (read_only)", [old])
    con.execute("attach ? as new (read_only)", [new])
    in_old, in_new = _tables(con, "old"), _tables(con, "new")
    same = in_old == in_new
    for label, tables in (("only in old", in_old - in_new), ("only in new", in_new - in_old)):
        if tables:
            print(f"{label}: {sorted(tables)}")
    for schema, table in sorted(in_old & in_new):
        columns = _columns(con, "new", schema, table)
        if columns != _columns(con, "old", schema, table):
            print(f"{schema}.{table}: columns, types or comments differ")
            same = False
            continue
        relation = f'"{schema}"."{table}"'
        stable = [name for name, _, _ in columns if name not in VOLATILE]
        whole = _difference(con, relation, "*")
        kept = _difference(con, relation, ", ".join(f'"{c}"' for c in stable))
        volatile = sorted(set(n for n, _, _ in columns) - set(stable))
        verdict = "same" if kept == (0, 0) else "DIFFERS"
        same &= kept == (0, 0)
        print(
            f"{schema}.{table}: old-new {whole[0]}, new-old {whole[1]}; without {volatile or '-'}:"
            f" {kept[0]}, {kept[1]} -> {verdict}"
        )
    return same


if __name__ == "__main__":
    sys.exit(0 if compare(sys.argv[1], sys.argv[2]) else 1)
