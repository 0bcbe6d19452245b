"""Adding a quarter to a built case set (ketamine_faers/case_set_increment.py) gives the tables
a full build of every quarter gives, row for row, state included: each test builds the case
set of the earlier quarters, lands a later one and updates it as the asset does, builds the
same rows whole beside it and compares every table (tests/support/case_set_compare.py). The
cases are the ones the add must get right: follow-ups, lower versions, deleted lists,
republished primaryids, duplicate groups gaining, losing and joining members."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from ketamine_faers.case_set_increment import CaseSetIncrementError, add_quarters
from ketamine_faers.case_set_state import FORMAT, STATE_SCHEMA
from ketamine_faers.case_set_update import INCREMENTAL, plan_update
from tests.support.case_set_compare import differences
from tests.support.faers_files_landing import Built, Landing
from tests.unit.test_faers_files_duplicates import CASE_FIELDS, add_case, labelled_pairs

Rows = Callable[[Landing], None]
NEW = "2019Q1"  # the quarter added, later than every earlier one of these tests


def case(landing: Landing, quarter: str, primaryid: str, caseid: str | None, *,
         term: str = "Nausea", drug: str = "KETALAR", **demo: str) -> None:  # fmt: skip
    """A version with one PS drug and one reaction, enough to be a whole report."""
    landing.demo(quarter, primaryid=primaryid, caseid=caseid, **demo)
    landing.add("drug", quarter, primaryid=primaryid, caseid=caseid, drug_seq="1",
                role_cod="PS", drugname=drug)  # fmt: skip
    landing.add("reac", quarter, primaryid=primaryid, caseid=caseid, pt=term)


def added(tmp_path: Path, *rounds: Rows) -> Built:
    """Build the case set of the first round's rows, then land each later round and update
    it (each must be an incremental add); after each, the same rows built whole must give
    the same tables. Returns the updated case set."""
    landing = Landing(_folder(tmp_path / "added"))
    rounds[0](landing)
    built = landing.build()
    for done in range(1, len(rounds)):
        rounds[done](landing)
        built, update = landing.update()
        assert update.mode == INCREMENTAL, update.reason
        whole = Landing(_folder(tmp_path / f"whole{done}"))
        for rows in rounds[: done + 1]:
            rows(whole)
        assert differences(built.path, whole.build().path) == {}
    return built


def _folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_a_follow_up_supersedes_a_case_kept_from_an_earlier_quarter(tmp_path):
    def earlier(landing: Landing) -> None:
        case(landing, "2017Q2", "30781401", "3078140", caseversion="1", fda_dt="20170405")
        case(landing, "2017Q2", "30781411", "3078141", caseversion="1", fda_dt="20170405")

    def later(landing: Landing) -> None:
        case(landing, NEW, "30781402", "3078140", caseversion="2", fda_dt="20190105",
             term="Dissociation")  # fmt: skip

    built = added(tmp_path, earlier, later)
    assert built.rows("select caseid, primaryid, quarter, versions_read from cases order by 1") == [
        (3078140, 30781402, NEW, 2),
        (3078141, 30781411, "2017Q2", 1),
    ]
    assert built.rows("select caseid, term from case_reactions order by 1") == [
        (3078140, "Dissociation"),
        (3078141, "Nausea"),
    ]
    funnel = {q.quarter: (q.cases_kept, q.versions_superseded) for q in built.result.quarters}
    assert funnel == {"2017Q2": (1, 1), NEW: (1, 0)}


def test_a_new_version_lower_than_the_kept_one_leaves_it_kept(tmp_path):
    def earlier(landing: Landing) -> None:
        case(landing, "2017Q2", "30781403", "3078140", caseversion="3", drug="SPRAVATO")

    def later(landing: Landing) -> None:
        case(landing, NEW, "30781402", "3078140", caseversion="2", drug="KETALAR")

    built = added(tmp_path, earlier, later)
    assert built.rows("select primaryid, quarter, versions_read from cases") == [
        (30781403, "2017Q2", 2)
    ]
    assert built.rows("select drugname, quarter from case_drugs") == [("SPRAVATO", "2017Q2")]


def test_a_case_on_the_new_quarters_deleted_list_is_removed_and_audited(tmp_path):
    def earlier(landing: Landing) -> None:
        case(landing, "2017Q2", "30781401", "3078140", caseversion="1")
        case(landing, "2018Q1", "40000011", "4000001", caseversion="1")
        landing.add("deleted", "2018Q1", caseid="5000001")  # never landed as a version

    def later(landing: Landing) -> None:
        landing.add("deleted", NEW, caseid="3078140")
        landing.add("deleted", NEW, caseid="5000001")
        landing.add("deleted", NEW, caseid="not a number")

    built = added(tmp_path, earlier, later)
    assert built.rows("select caseid from cases") == [(4000001,)]
    assert built.rows("select distinct caseid from case_drugs") == [(4000001,)]
    assert built.rows(
        "select caseid, listed_in, versions_removed from deleted_cases order by 1"
    ) == [(3078140, [NEW], 1), (5000001, ["2018Q1", NEW], 0)]


def test_a_republished_primaryid_takes_the_new_quarters_rows(tmp_path):
    def earlier(landing: Landing) -> None:
        case(landing, "2017Q2", "77957122", "7795712", caseversion="2", term="Old term")
        landing.demo("2017Q2", primaryid="88000001", caseid=None)  # no caseid, republished too

    def later(landing: Landing) -> None:
        case(landing, NEW, "77957122", "7795712", caseversion="2", term="New term")
        landing.demo(NEW, primaryid="88000001", caseid=None)

    built = added(tmp_path, earlier, later)
    assert built.rows("select caseid, quarter from cases") == [(7795712, NEW)]
    assert built.rows("select term from case_reactions") == [("New term",)]
    funnel = {
        q.quarter: (q.republished_copies, q.versions_without_caseid) for q in built.result.quarters
    }
    assert funnel == {"2017Q2": (1, 1), NEW: (0, 1)}


def test_a_primaryid_republished_under_another_caseid_returns_its_case_to_an_earlier_version(
    tmp_path,
):
    def earlier(landing: Landing) -> None:
        case(landing, "2016Q4", "60000011", "6000001", caseversion="1", term="First")
        case(landing, "2017Q2", "60000012", "6000001", caseversion="2", term="Second")

    def later(landing: Landing) -> None:
        case(landing, NEW, "60000012", "6000009", caseversion="1", term="Moved")

    built = added(tmp_path, earlier, later)
    assert built.rows("select caseid, primaryid, quarter from cases order by 1") == [
        (6000001, 60000011, "2016Q4"),
        (6000009, 60000012, NEW),
    ]
    assert built.rows("select caseid, term from case_reactions order by 1") == [
        (6000001, "First"),
        (6000009, "Moved"),
    ]


def test_dates_read_as_in_a_full_build_whatever_order_the_macros_are_needed_in(tmp_path):
    """Two macro files define staging.quarter_end (sql/macros/cleaning_macros.sql and
    faers_files_macros.sql): the add runs every macro file of the full build first, in its
    order, so a date on the first day of the next quarter reads the same in both."""

    def earlier(landing: Landing) -> None:
        case(landing, "2017Q2", "30781401", "3078140", caseversion="1", fda_dt="20170401")

    def later(landing: Landing) -> None:
        case(landing, NEW, "30781402", "3078140", caseversion="2", fda_dt="20190401",
             event_dt="20190401", init_fda_dt="20190401")  # fmt: skip
        case(landing, NEW, "30781403", "3078140", caseversion="2", fda_dt="20190330")

    added(tmp_path, earlier, later)


def test_two_quarters_added_at_once(tmp_path):
    def earlier(landing: Landing) -> None:
        case(landing, "2017Q2", "30781401", "3078140", caseversion="1")
        case(landing, "2017Q2", "77957122", "7795712", caseversion="2", term="Old term")

    def later(landing: Landing) -> None:
        case(landing, NEW, "30781402", "3078140", caseversion="2")
        case(landing, NEW, "77957122", "7795712", caseversion="2", term="Newer term")
        case(landing, "2019Q2", "30781403", "3078140", caseversion="3", term="Latest")
        case(landing, "2019Q2", "77957122", "7795712", caseversion="2", term="Newest term")

    built = added(tmp_path, earlier, later)
    assert built.rows("select caseid, quarter, versions_read from cases order by 1") == [
        (3078140, "2019Q2", 3),
        (7795712, "2019Q2", 3),  # every copy of a republished primaryid was read
    ]
    copies = {q.quarter: q.republished_copies for q in built.result.quarters}
    assert copies == {"2017Q2": 1, NEW: 1, "2019Q2": 0}


def pfizer(landing: Landing, quarter: str, caseid: str, *, received: str, **demo: str) -> None:
    """A case under PFIZER's number US-1 (the manufacturer-number rule links them)."""
    case(landing, quarter, caseid + "1", caseid, caseversion="1", mfr_sndr="PFIZER",
         mfr_num="US-1", sex="F", age="40", age_cod="YR", init_fda_dt=received,
         fda_dt=received, **demo)  # fmt: skip


def flags(built: Built) -> list[tuple[int, int | None, bool, int | None]]:
    return built.rows(
        "select caseid, duplicate_group, is_probable_duplicate, probable_duplicate_of "
        "from cases order by caseid"
    )


def test_a_new_case_with_a_smaller_caseid_becomes_its_groups_anchor_and_kept_copy(tmp_path):
    def earlier(landing: Landing) -> None:
        pfizer(landing, "2017Q2", "500000", received="20170401")
        pfizer(landing, "2017Q3", "600000", received="20170801")

    def later(landing: Landing) -> None:
        pfizer(landing, NEW, "400000", received="20190105")

    built = added(tmp_path, earlier, later)
    assert flags(built) == [
        (400000, 400000, False, None),
        (500000, 400000, True, 400000),
        (600000, 400000, True, 400000),
    ]


def keyed(landing: Landing, quarter: str, caseid: str, version: str, *, term: str) -> None:
    """A case matched by the case key only (no manufacturer number): the drug, age, sex,
    event date and country of the others of this test."""
    case(landing, quarter, caseid + version, caseid, caseversion=version, term=term,
         sex="F", age="40", age_cod="YR", event_dt="20170110", occr_country="US",
         fda_dt=f"{quarter[:4]}0301")  # fmt: skip


def test_a_follow_up_that_no_longer_matches_leaves_its_group(tmp_path):
    def earlier(landing: Landing) -> None:
        keyed(landing, "2017Q2", "700000", "1", term="Nausea")
        keyed(landing, "2017Q2", "800000", "1", term="Nausea")

    def later(landing: Landing) -> None:
        keyed(landing, NEW, "800000", "2", term="Seizure")

    landing = Landing(_folder(tmp_path / "before"))
    earlier(landing)
    assert flags(landing.build()) == [(700000, 700000, True, 800000), (800000, 700000, False, None)]
    built = added(tmp_path, earlier, later)
    assert flags(built) == [(700000, None, False, None), (800000, None, False, None)]


def test_a_new_case_joins_two_groups_into_one(tmp_path):
    def earlier(landing: Landing) -> None:
        pfizer(landing, "2017Q2", "500000", received="20170401")
        pfizer(landing, "2017Q2", "500001", received="20170402")
        keyed(landing, "2017Q2", "700000", "1", term="Nausea")
        keyed(landing, "2017Q2", "700001", "1", term="Nausea")

    def later(landing: Landing) -> None:
        # PFIZER's number and the other two cases' key: both groups become one
        case(landing, NEW, "9000001", "900000", caseversion="1", mfr_sndr="PFIZER",
             mfr_num="US-1", sex="F", age="40", age_cod="YR", event_dt="20170110",
             occr_country="US", fda_dt="20190301")  # fmt: skip

    built = added(tmp_path, earlier, later)
    groups = {group for _, group, _, _ in flags(built)}
    assert groups == {500000}
    assert built.one("select count(*) from cases where is_probable_duplicate") == 4


def test_the_labelled_pairs_grouped_a_quarter_and_a_follow_up_later(tmp_path):
    """Every labelled pair's second case arrives in a later quarter (many groups gain a
    member), then follow-ups of some change their reactions (some leave again)."""
    pairs = labelled_pairs()

    def side(pair: dict[str, str], which: str, **changes: str) -> dict[str, str]:
        return {field: pair[f"{which}_{field}"] for field in CASE_FIELDS} | changes

    def first_sides(landing: Landing) -> None:
        for pair in pairs:
            add_case(landing, side(pair, "a"))

    def second_sides(landing: Landing) -> None:
        for pair in pairs:
            add_case(landing, side(pair, "b", quarter="2017Q1"))

    def follow_ups(landing: Landing) -> None:
        for pair in pairs[::3]:
            add_case(landing, side(pair, "b", quarter="2017Q2", version="9", reactions="Rash"))

    built = added(tmp_path, first_sides, second_sides, follow_ups)
    assert built.one("select count(*) from cases where is_probable_duplicate") > 10


# --- when the add does not apply: a rebuild, or nothing, and the reason --------------------


def built_then(tmp_path: Path, change: Callable[[Landing], None]) -> tuple[Landing, Built]:
    """A case set of two quarters, then ``change`` to its landing or its file."""
    landing = Landing(_folder(tmp_path / "landing"))
    case(landing, "2017Q2", "30781401", "3078140", caseversion="1")
    case(landing, "2017Q3", "30781411", "3078141", caseversion="1")
    built = landing.build()
    change(landing)
    return landing, built


def updated(landing: Landing) -> tuple[str, str]:
    """Update the case set as the asset does: how, and why."""
    _, update = landing.update()
    return update.mode, update.reason


def test_a_case_set_with_no_new_quarter_is_left_as_it_is(tmp_path):
    landing, built = built_then(tmp_path, lambda landing: None)
    before = built.path.stat().st_mtime_ns
    assert updated(landing) == (
        "unchanged",
        "no quarter was landed since the case set was built",
    )
    assert built.path.stat().st_mtime_ns == before


def test_an_earlier_quarter_landed_again_rebuilds(tmp_path):
    def relanded(landing: Landing) -> None:
        case(landing, "2017Q2", "30781421", "3078142", caseversion="1")
        landing.reland("2017Q2")
        case(landing, NEW, "30781402", "3078140", caseversion="2")

    landing, built = built_then(tmp_path, relanded)
    assert updated(landing) == (
        "rebuild",
        "landed again since the case set was built: 2017Q2",
    )
    whole = Landing(_folder(tmp_path / "whole"), rows=landing.rows)
    assert differences(built.path, whole.build().path) == {}
    assert built.one("select count(*) from cases") == 3  # the re-landed quarter's new case


def test_a_new_quarter_before_the_latest_built_one_rebuilds(tmp_path):
    landing, _ = built_then(
        tmp_path, lambda landing: case(landing, "2016Q1", "30781431", "3078143", caseversion="1")
    )
    assert updated(landing) == (
        "rebuild",
        "landed, but not after 2017Q3, the latest quarter built: 2016Q1",
    )


def test_a_quarter_no_longer_landed_rebuilds(tmp_path):
    def removed(landing: Landing) -> None:
        for rows in landing.rows.values():
            rows[:] = [row for row in rows if row["quarter"] != "2017Q3"]

    landing, _ = built_then(tmp_path, removed)
    assert updated(landing) == ("rebuild", "no longer landed: 2017Q3")


def test_a_landing_that_records_no_zips_rebuilds(tmp_path):
    def unrecorded(landing: Landing) -> None:
        landing.record_zips = False
        case(landing, NEW, "30781402", "3078140", caseversion="2")

    landing, _ = built_then(tmp_path, unrecorded)
    assert updated(landing) == ("rebuild", "the landing records no landed zips")


def state_changed(statement: str) -> Callable[[Landing], None]:
    """A change to the built case set's file, and a new quarter landed."""

    def change(landing: Landing) -> None:
        with duckdb.connect(str(landing.case_set)) as con:
            con.execute(statement)
        case(landing, NEW, "30781402", "3078140", caseversion="2")

    return change


def test_a_case_set_without_state_rebuilds(tmp_path):
    landing, _ = built_then(tmp_path, state_changed(f"drop schema {STATE_SCHEMA} cascade"))
    assert updated(landing) == (
        "rebuild",
        "the case set keeps no incremental state",
    )


def test_a_state_of_another_format_rebuilds(tmp_path):
    landing, _ = built_then(tmp_path, state_changed("update increment.build set format = '0'"))
    assert updated(landing) == (
        "rebuild",
        f"its state is format 0, this code keeps {FORMAT}",
    )


def test_a_case_set_built_by_other_code_rebuilds(tmp_path):
    landing, _ = built_then(
        tmp_path, state_changed("update increment.build set code_digest = 'other'")
    )
    assert updated(landing) == (
        "rebuild",
        "the case set's code changed since it was built",
    )


def test_no_case_set_yet_is_built(tmp_path):
    landing = Landing(_folder(tmp_path / "landing"))
    case(landing, "2017Q2", "30781401", "3078140", caseversion="1")
    assert updated(landing) == ("rebuild", "no case set yet")


def test_a_damaged_case_set_is_rebuilt(tmp_path):
    def damaged(landing: Landing) -> None:
        landing.case_set.write_bytes(b"not a database")

    landing, _ = built_then(tmp_path, damaged)
    mode, reason = updated(landing)
    assert mode == "rebuild"
    assert reason.startswith("the case set or the landing could not be read")


def test_a_failed_add_leaves_the_case_set_as_it_was(tmp_path):
    landing, built = built_then(tmp_path, lambda landing: None)
    with duckdb.connect(str(built.path)) as con:  # the add's last write will fail
        con.execute("drop table case_report_sources")
    copy = tmp_path / "before.duckdb"
    shutil.copy(built.path, copy)
    case(landing, NEW, "30781402", "3078140", caseversion="2")
    with pytest.raises(duckdb.CatalogException, match="case_report_sources"):
        landing.update()
    assert differences(built.path, copy, skip={"main.case_report_sources"}) == {}
    assert built.rows("select quarter from increment.quarters order by 1") == [
        ("2017Q2",),
        ("2017Q3",),
    ]


def test_an_add_that_does_not_reconcile_is_not_written_and_the_case_set_is_rebuilt(tmp_path):
    # the state forgets a version the tables hold: the add's funnel cannot match main.cases
    landing, built = built_then(
        tmp_path, state_changed("delete from increment.versions where caseid = 3078141")
    )
    mode, reason = updated(landing)
    assert mode == "rebuild"
    assert reason.startswith("the incremental add stopped: adding 2019Q1: the funnel does not")
    whole = Landing(_folder(tmp_path / "whole"), rows=landing.rows)
    assert differences(built.path, whole.build().path) == {}


def test_a_stale_plan_stops_the_add_and_changes_nothing(tmp_path):
    landing, built = built_then(tmp_path, lambda landing: None)
    case(landing, NEW, "30781402", "3078140", caseversion="2")
    landing.write()
    copy = tmp_path / "before.duckdb"
    shutil.copy(built.path, copy)
    with pytest.raises(CaseSetIncrementError, match="landing changed"):
        add_quarters(
            landing.path,
            built.path,
            ["2019Q2"],
            plan_update(landing.path, built.path).built_quarters,
        )
    assert differences(built.path, copy) == {}
