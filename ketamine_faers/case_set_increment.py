"""Adds quarters later than every quarter a case set holds, without rebuilding it.

Dagster-free. :func:`add_quarters` reads the new quarters' landed rows and the case set's
private state (:mod:`ketamine_faers.case_set_state`), never the earlier quarters whole, and
runs the case set's own model files (sql/intermediate/int_files_*, sql/core/case_set/) on the
slice the new quarters can change, so every rule is written once:

1. the new quarters alone: their versions, deleted-list entries and rows per quarter;
2. the affected cases (the new versions' caseids, the new deleted ids, the caseids of
   primaryids published again) with all their built versions: their fates, kept versions,
   fields and child rows, the kept rows read from the quarter of each kept version;
3. the duplicate keys those cases carried or carry, every case sharing one, and every member
   of a group any of them was in: their links and groups again;
4. the funnel, a group-by over the state.

The tables made in the connection's in-memory ``main`` hold only those cases; one transaction
replaces their rows in the case set and commits only when the funnel reconciles, so a failure
leaves the case set as it was. The same tables as a full build, row for row
(tests/unit/test_case_set_increment.py, tests/pipeline/test_case_set_increment.py); the
design is in docs/faers-files-dedup.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb

from ketamine_faers.case_set_state import LandedQuarter, read_built, read_landed
from ketamine_faers.files_model import (
    CASE_SET_BUILD,
    CaseSetNotReconciledError,
    CaseSetResult,
    case_set_memory_limit,
    case_set_models,
    count_case_set,
    kept_quarters,
    run_case_set_models,
)
from ketamine_faers.memory_limits import hold_to
from ketamine_faers.sql_files import read_sql, run_sql, run_sql_for_each
from ketamine_faers.sql_models import Model, relations, run_order


class CaseSetIncrementError(RuntimeError):
    """The add cannot be made exactly: the landing or the state is not what the plan read,
    or a check of the restricted slice failed. The case set is left as it was."""


class _Models:
    """The case set's models run in batches, each after the relations run before it: the
    order within a batch is derived from the files (:func:`run_order`). Every macro file of
    the full build runs first, in its order: two files may define a macro of the same name
    (``staging.quarter_end``), and the full build's is the one that runs last."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        macros = [model for model in case_set_models() if model.layer == "macros"]
        run_case_set_models(con, macros)
        self.built: set[str] = set(relations(macros))

    def run(self, *targets: str, quarters: Sequence[str] = ()) -> None:
        models: list[Model] = run_order(targets, built=self.built, subfolders=(CASE_SET_BUILD,))
        run_case_set_models(self.con, models, list(quarters))
        self.built |= set(relations(models))


def add_quarters(
    landing_db: Path,
    case_set_db: Path,
    new_quarters: Sequence[str],
    built_quarters: dict[str, LandedQuarter],
) -> CaseSetResult:
    """Add ``new_quarters`` of ``landing_db`` to ``case_set_db``, which was built from
    ``built_quarters`` (as the plan read them), and return what the case set then holds.

    Raises :class:`CaseSetIncrementError` when the landing or the state changed since the
    plan or a check fails, :class:`CaseSetNotReconciledError` when the funnel does not add
    up, and whatever DuckDB raises; the case set is then unchanged.
    """
    con = duckdb.connect()
    try:
        hold_to(con, case_set_memory_limit())
        run_sql(
            con,
            "operations/case_set_increment/set_temp_directory.sql",
            {"directory": str(_temp_dir(case_set_db))},
        )
        run_sql(
            con,
            "operations/case_set_increment/attach.sql",
            {"case_set_db": str(case_set_db), "landing_db": str(landing_db)},
        )
        _check_inputs(con, new_quarters, built_quarters)
        run_sql(con, "operations/case_set/attach_staging.sql", {"staging_db": ":memory:"})
        _restricted_build(con, new_quarters)
        _apply(con, new_quarters)
    finally:
        con.close()
    with duckdb.connect(str(case_set_db), read_only=True) as reader:
        return count_case_set(reader)


def _check_inputs(
    con: duckdb.DuckDBPyConnection,
    new_quarters: Sequence[str],
    built_quarters: dict[str, LandedQuarter],
) -> None:
    """The state and the landing still hold what the plan read (another run may have
    landed or built in between)."""
    built = read_built(con)
    landed = read_landed(con) or {}
    if built is None or built.quarters != built_quarters:
        raise CaseSetIncrementError("the case set changed since the update was planned")
    expected = set(built_quarters) | set(new_quarters)
    if set(landed) != expected or any(landed[q] != built_quarters[q] for q in built_quarters):
        raise CaseSetIncrementError("the landing changed since the update was planned")


def _restricted_build(con: duckdb.DuckDBPyConnection, new_quarters: Sequence[str]) -> None:
    """Make, in ``main`` and ``staging``, the rows of every table the add changes."""
    models = _Models(con)
    run_sql(
        con,
        "operations/case_set_increment/create_scratch_landing.sql",
        {"new_quarters": list(new_quarters)},
    )
    models.run("int_files_demo_versions", "int_files_deleted_listings", "int_files_quarter_rows")
    run_sql(con, "operations/case_set_increment/select_affected_versions.sql")
    models.run("int_files_version_fates", "int_files_kept_versions")
    earlier = [
        quarter
        for (quarter,) in con.execute(
            read_sql("operations/case_set_increment/select_earlier_kept_quarters.sql")
        ).fetchall()
    ]
    run_sql_for_each(
        con, "operations/case_set_increment/copy_kept_rows.sql", {"quarter": lambda: earlier}
    )
    models.run(
        "int_files_case_demographics",
        "case_drugs",
        "case_reactions",
        "case_outcomes",
        "case_therapies",
        "case_indications",
        "case_report_sources",
        "int_files_case_keys",
        "int_files_match_keys",
        quarters=kept_quarters(con),
    )
    run_sql(con, "operations/case_set_increment/select_duplicate_scope.sql")
    models.run("int_files_duplicate_links")
    run_sql(con, "operations/case_set_increment/delete_unscoped_links.sql")
    models.run("int_files_duplicate_groups")
    ((out_of_scope,),) = con.execute(
        read_sql("operations/case_set_increment/count_groups_out_of_scope.sql")
    ).fetchall()
    if out_of_scope:
        raise CaseSetIncrementError(f"{out_of_scope} grouped cases fall outside the regrouped ones")
    run_sql(con, "operations/case_set_increment/add_regrouped_demographics.sql")
    models.run("cases", "deleted_cases")
    run_sql(con, "operations/case_set_increment/select_funnel_inputs.sql")
    models.run("funnel")


def _apply(con: duckdb.DuckDBPyConnection, new_quarters: Sequence[str]) -> None:
    """Replace the recomputed rows in the case set in one transaction, committed only when
    the funnel reconciles."""
    con.begin()
    try:
        run_sql(con, "operations/case_set_increment/apply_increment.sql")

        ((quarters_reconcile, cases_kept, case_rows),) = con.execute(
            read_sql("operations/case_set_increment/check_reconciles.sql")
        ).fetchall()
        if not quarters_reconcile or cases_kept != case_rows:
            raise CaseSetNotReconciledError(
                f"adding {', '.join(new_quarters)}: the funnel does not reconcile "
                f"(cases kept {cases_kept}, rows of cases {case_rows})"
            )
        con.commit()
    except BaseException:
        con.rollback()
        raise
    run_sql(con, "operations/case_set_increment/checkpoint_case_set.sql")


def _temp_dir(case_set_db: Path) -> Path:
    return case_set_db.with_name(case_set_db.name + ".increment.tmp")
