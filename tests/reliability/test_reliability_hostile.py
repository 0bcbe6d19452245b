"""Reliability 3: hostile input. Records that match the ketamine search but carry missing and
malformed ids, wrong types, nested lists, impossible dates and ages, 1 MB strings, control
characters, lone surrogates, HTML and SQL, and duplicate ids with different content: the run
completes; every record is a report or a quarantine row with a reason; raw = reports +
quarantine per quarter; the SQL text is stored, never executed."""

from __future__ import annotations

import json
import re
from collections import Counter

import duckdb
import pytest
import requests

from ketamine_faers.sources.openfda.client import ClientStats, Page
from ketamine_faers.sources.openfda.landing import land_quarter
from ketamine_faers.warehouse import connect_raw
from standins.openfda import LocalOpenFDA
from tests.support.reliability_helpers import published, record_figures, run_all, small_corpus
from tests.support.reliability_hostile import (
    LONE_SURROGATE,
    SQL,
    UNMATCHED_IDS,
    hostile_records,
)

pytestmark = pytest.mark.reliability
VALID_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def test_hostile_records_are_each_cleaned_or_quarantined_with_a_reason(tmp_path):
    hostile = hostile_records()
    plain = small_corpus(300, seed=8)
    data = tmp_path / "data"
    with LocalOpenFDA(plain + hostile) as service:
        result = run_all(service, data)
        served = service.served_ids()
    assert result.success
    # every matching record was served once, in exactly one page (ids as the service reads
    # them); the records the search cannot match were not served
    assert not UNMATCHED_IDS & set(served)
    matching = len(plain) + len(hostile) - len(UNMATCHED_IDS)
    assert sum(served.values()) == matching, served
    pub = published(data)
    with duckdb.connect(str(data / "faers.duckdb"), read_only=True) as con:
        raw_total = con.execute("select sum(records) from source_fetches").fetchone()[0]
        reasons = Counter(
            dict(con.execute("select reason_code, count(*) from quarantine group by 1").fetchall())
        )
        tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
        sql_kept = (
            con.execute(
                "select count(*) from quarantine where safetyreportid = ?", [SQL]
            ).fetchone()[0]
            + con.execute(
                "select count(*) from reactions where term_raw ilike ?", ["%drop table%"]
            ).fetchone()[0]
        )
    # nothing lost, nothing invented: raw = reports + quarantine, in total and per quarter
    assert raw_total == matching
    assert sum(pub.raw_per_quarter.values()) == raw_total
    assert pub.raw_per_quarter == pub.reconciled_per_quarter
    assert (
        sum(pub.reports.values()) + sum(pub.quarantined.values()) + (pub.quarantine_without_id)
        == raw_total
    )
    assert max(pub.reports.values()) == 1
    assert pub.reasons_missing == 0
    # every plain record is a report; every served string id is published
    assert {r["safetyreportid"] for r in plain} <= set(pub.reports)
    # a served id that is a valid id is published; every other served record (no id, null,
    # list, object, SQL, HTML, control characters, too long) is quarantined for its id
    valid = {i for i in served if VALID_ID.fullmatch(i) and i != "None"}
    assert valid <= pub.ids, valid - pub.ids
    bad_ids = sum(n for i, n in served.items() if i not in valid)
    assert reasons["missing_safetyreportid"] + reasons["invalid_safetyreportid"] == bad_ids
    assert "reports" in tables  # the SQL text did not drop anything
    assert sql_kept >= 1
    record_figures(
        "hostile",
        hostile_records=len(hostile),
        hostile_served=matching - len(plain),
        plain_records=len(plain),
        reports=sum(pub.reports.values()),
        quarantined=sum(pub.quarantined.values()) + pub.quarantine_without_id,
        reasons=dict(reasons),
        lost=0,
        duplicated=0,
    )


def _surrogate_record() -> dict:
    return {
        "safetyreportid": "72000043",
        "receivedate": "20210310",
        "patient": {
            "drug": [{"medicinalproduct": "KETAMINE"}],
            "reaction": [{"reactionmeddrapt": LONE_SURROGATE}],
        },
    }


def test_local_service_serves_a_lone_surrogate_as_a_json_escape():
    with LocalOpenFDA([_surrogate_record()]) as service:
        response = requests.get(
            service.url + "/drug/event.json", params={"search": "receivedate:20210310"}, timeout=5
        )
    assert response.status_code == 200
    assert "\\ud800" in response.text


def test_a_lone_surrogate_escape_from_openfda_still_lands(tmp_path):
    """openFDA's JSON may carry ``\\ud800`` (valid JSON, not valid UTF-8 once decoded)."""
    body = json.dumps({"meta": {"results": {"total": 1}}, "results": [_surrogate_record()]})
    assert "\\ud800" in body

    class OnePage:
        base_url = "http://127.0.0.1:9"
        stats = ClientStats()

        def iter_pages(self, search):
            yield Page(body, json.loads(body)["results"], 1, 0, None, True)

    with connect_raw(tmp_path / "raw.duckdb") as con:
        result = land_quarter(OnePage(), con, "2021Q1")
        assert result.records == 1
        assert result.surrogates_repaired == 2  # "\ud800" and "\udfff", each unpaired
