"""A files-source landing built in a test: the contract's tables (tests/fixtures/faers_files/
landing_tables.sql) in a real DuckDB file, rows given as keyword arguments, then the case set
built from it by :func:`ketamine_faers.files_model.build_case_set`.

    landing = Landing(tmp_path)
    landing.demo("2017Q2", primaryid="1002130537", caseid="10021305", caseversion="37")
    landing.add("reac", "2017Q2", primaryid="1002130537", caseid="10021305", pt="Nausea")
    built = landing.build()
    built.rows("select caseid, primaryid from cases")

The quarter, era (from the quarter), file name and line number (counting per table and
quarter from 2, after the header) are filled in; a column not given is NULL, as a column a
quarter's layout lacks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from ketamine_faers.files_model import CaseSetResult, build_case_set

LANDING_DDL = Path(__file__).parents[1] / "fixtures" / "faers_files" / "landing_tables.sql"
LEGACY_LAST_QUARTER = "2012Q3"


def era_of(quarter: str) -> str:
    return "aers" if quarter <= LEGACY_LAST_QUARTER else "faers"


@dataclass
class Built:
    """A built case set, opened read-only for the test's queries."""

    path: Path
    result: CaseSetResult

    def rows(self, query: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        with duckdb.connect(str(self.path), read_only=True) as con:
            return con.execute(query, params or []).fetchall()

    def one(self, query: str, params: list[Any] | None = None) -> Any:
        rows = self.rows(query, params)
        assert len(rows) == 1 and len(rows[0]) == 1, rows
        return rows[0][0]


@dataclass
class Landing:
    folder: Path
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    _lines: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(lambda: 1))

    @property
    def path(self) -> Path:
        return self.folder / "files_landing.duckdb"

    def add(self, table: str, quarter: str, **values: Any) -> None:
        """One landed row of ``table`` read from ``quarter``'s zip."""
        self._lines[(table, quarter)] += 1
        yy, q = quarter[2:4], quarter[-1]
        self.rows[table].append(
            {
                "quarter": quarter,
                "era": era_of(quarter),
                "file_name": f"ascii/{table.upper()}{yy}Q{q}.txt",
                "line_no": values.pop("line_no", self._lines[(table, quarter)]),
                **values,
            }
        )

    def demo(self, quarter: str, **values: Any) -> None:
        self.add("demo", quarter, **values)

    def write(self) -> Path:
        """Create the landing file with every row added so far."""
        self.path.unlink(missing_ok=True)
        with duckdb.connect(str(self.path)) as con:
            con.execute(LANDING_DDL.read_text(encoding="utf-8"))
            for table, rows in self.rows.items():
                relation = con.table(table)
                for row in rows:
                    unknown = set(row) - set(relation.columns)
                    assert not unknown, f"{table} has no column {sorted(unknown)}"
                    relation.insert([row.get(column) for column in relation.columns])
        return self.path

    def build(self) -> Built:
        """Write the landing and build the case set beside it."""
        case_set = self.folder / "case_set.duckdb"
        result = build_case_set(self.write(), case_set)
        return Built(case_set, result)
