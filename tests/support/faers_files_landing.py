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
quarter's layout lacks. Like the real landing, it records one ``landed_zips`` row per quarter
it holds, with a fixed ``landed_at`` that :meth:`Landing.reland` moves on (a quarter landed
again), so the case set can be updated as the asset does (:meth:`Landing.update`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from ketamine_faers.case_set_update import CaseSetUpdate, update_case_set
from ketamine_faers.files_model import CaseSetResult, build_case_set

LANDING_DDL = Path(__file__).parents[1] / "fixtures" / "faers_files" / "landing_tables.sql"
LEGACY_LAST_QUARTER = "2012Q3"
FIRST_LANDED_AT = datetime(2026, 1, 1)


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
    landed_at: dict[str, datetime] = field(default_factory=dict)
    record_zips: bool = True

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
            if self.record_zips:
                zips = con.table("landed_zips")
                for quarter in self.quarters():
                    landed_at = self.landed_at.setdefault(quarter, FIRST_LANDED_AT)
                    zips.insert([quarter, f"faers_ascii_{quarter.lower()}.zip", None, landed_at])
            else:
                con.execute("drop table landed_zips")
        return self.path

    def quarters(self) -> list[str]:
        """The quarters that have a row in some table, in order."""
        return sorted({row["quarter"] for rows in self.rows.values() for row in rows})

    def reland(self, quarter: str) -> None:
        """Record ``quarter`` as landed again (its rows may have changed)."""
        self.landed_at[quarter] = self.landed_at.get(quarter, FIRST_LANDED_AT) + timedelta(hours=1)

    @property
    def case_set(self) -> Path:
        return self.folder / "case_set.duckdb"

    def build(self) -> Built:
        """Write the landing and build the case set beside it."""
        result = build_case_set(self.write(), self.case_set)
        return Built(self.case_set, result)

    def update(self) -> tuple[Built, CaseSetUpdate]:
        """Write the landing and bring the case set beside it up to date as the asset does
        (an incremental add, a rebuild or nothing)."""
        update = update_case_set(self.write(), self.case_set)
        return Built(self.case_set, update.result), update
