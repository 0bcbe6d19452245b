"""Reliability: implausible records do not block publishing (issue 16, items 3 and 7).

A real Dagster run over the previous and the current quarter against the local openFDA.
The first run publishes plain reports. openFDA then serves, beside them, a report whose
receiptdate is in the future and one whose receivedate is later this quarter (after the
build's date); and the landing of the previous quarter holds, as raw JSON text from that
service, a record whose receivedate lies in another quarter and one that carries
safetyreportid and receivedate twice (Python's json keeps the last copy, DuckDB the first).
The second run must publish: the future receiptdate is NULL with its raw value kept, the
other three records are in quarantine with their reason codes, and raw = reports +
quarantine per quarter. Before the fix, any one of them failed an error-level expectation
and nothing was published.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import dagster as dg
import duckdb
import pytest

from ketamine_faers.quarters import previous_quarter, quarter_bounds, quarter_of
from ketamine_faers.sources.openfda.client import OpenFDAClient, Page
from ketamine_faers.sources.openfda.landing import land_quarter
from ketamine_faers.warehouse import connect_raw
from standins.openfda import LocalOpenFDA
from tests.support.reliability_helpers import file_digest, published, record_figures, run_all

pytestmark = pytest.mark.reliability

FUTURE_RECEIPT = "73000001"
FUTURE_RECEIVE = "73000002"
OUTSIDE = "73000003"
DUPLICATE = "73000004"
DUPLICATE_LAST = "73000005"  # the id Python's json reads from the duplicate record


def _day(value: date) -> str:
    return value.strftime("%Y%m%d")


def _record(rid: str, day: date, n: int = 0, **fields: str) -> dict:
    return {
        "safetyreportid": rid,
        "safetyreportversion": "1",
        "receivedate": _day(day),
        **fields,
        "patient": {
            "patientonsetage": str(30 + n % 40),
            "patientonsetageunit": "801",
            "drug": [{"medicinalproduct": "SPRAVATO", "drugcharacterization": "1"}],
            "reaction": [{"reactionmeddrapt": "Dissociation" if n % 2 else "Sedation"}],
        },
    }


class RewritingClient:
    """A real client of the local service whose page bodies are edited before landing, as
    openFDA's raw text could differ from what its search matched."""

    def __init__(self, client: OpenFDAClient, rewrite: Callable[[str], str]) -> None:
        self._client = client
        self._rewrite = rewrite
        self.base_url = client.base_url
        self.stats = client.stats

    def iter_pages(self, search: str, **kwargs) -> Iterator[Page]:
        for page in self._client.iter_pages(search, **kwargs):
            yield dataclasses.replace(page, body=self._rewrite(page.body))


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_implausible_records_are_quarantined_or_nulled_and_the_run_publishes(tmp_path):
    today = date.today()
    current = quarter_of(today)
    previous = previous_quarter(current)
    prev_start, _ = quarter_bounds(previous)
    cur_start, cur_end = quarter_bounds(current)
    plain = [_record(str(71_000_000 + n), prev_start + timedelta(days=n % 3), n) for n in range(40)]
    plain += [_record(str(71_100_000 + n), cur_start, n) for n in range(20)]
    outside_day, duplicate_day = prev_start + timedelta(days=10), prev_start + timedelta(days=11)
    future_receipt = _day(today + timedelta(days=400))
    special = [
        _record(FUTURE_RECEIPT, cur_start, receiptdate=future_receipt),
        _record(OUTSIDE, outside_day),
        _record(DUPLICATE, duplicate_day),
    ]
    if cur_end > today:  # on a quarter's last day no later day of it exists
        special.append(_record(FUTURE_RECEIVE, cur_end))
    data = tmp_path / "data"
    db = data / "faers.duckdb"

    with LocalOpenFDA(plain) as service:
        first = run_all(service, data, first=previous, last=current)
        assert first.success
        before = file_digest(db)
        assert before is not None

        service.replace_records(plain + special)
        service.set_last_updated((today - timedelta(days=1)).isoformat())

        def rewrite(body: str) -> str:
            body = _replace_once(
                body,
                f'"receivedate": "{_day(outside_day)}"',
                f'"receivedate": "{_day(cur_start)}"',
            )
            body = _replace_once(
                body,
                f'"safetyreportid": "{DUPLICATE}"',
                f'"safetyreportid": "{DUPLICATE}",\n  "safetyreportid": "{DUPLICATE_LAST}"',
            )
            return _replace_once(
                body,
                f'"receivedate": "{_day(duplicate_day)}"',
                f'"receivedate": "{_day(duplicate_day)}", "receivedate": "{_day(cur_start)}"',
            )

        client = RewritingClient(OpenFDAClient(service.url, None, requests_per_minute=0), rewrite)
        with connect_raw(data / "work" / "raw.duckdb") as raw:
            landed = land_quarter(client, raw, previous)
        assert landed.complete

        second = run_all(service, data, first=previous, last=current)

    # the run published: every check passed, published_database materialized, file replaced
    assert second.success
    materialized = {e.asset_key for e in second.get_asset_materialization_events()}
    assert dg.AssetKey("published_database") in materialized
    after = file_digest(db)
    assert after is not None and after != before

    with duckdb.connect(str(db), read_only=True) as con:
        quarantine = {
            row[0]: row[1:]
            for row in con.execute(
                "select coalesce(safetyreportid, json_extract_string(record, '$.safetyreportid')),"
                " quarter, reason_code, reason, safetyreportid from quarantine"
            ).fetchall()
        }
        receipt = con.execute(
            "select receipt_date, receipt_date_precision, receipt_date_raw, quarter"
            " from reports where safetyreportid = ?",
            [FUTURE_RECEIPT],
        ).fetchone()
        report_ids = {r[0] for r in con.execute("select safetyreportid from reports").fetchall()}
        raw_verbatim = con.execute(
            "select record from quarantine where reason_code = 'duplicate_keys'"
        ).fetchone()
        errors = con.execute(
            "select suite, expectation, column_name, observed_value from data_quality"
            " where run_id = (select run_id from data_quality order by validated_at desc limit 1)"
            " and not success and severity = 'error'"
        ).fetchall()

    # the future receiptdate is NULL with its raw value kept; the report stays
    assert receipt == (None, None, future_receipt, current)
    # the receivedate outside its fetched quarter is quarantined, in that quarter
    assert quarantine[OUTSIDE][:3] == (
        previous,
        "receivedate_outside_quarter",
        f"receivedate {_day(cur_start)} is outside the fetched quarter {previous}",
    )
    # the record with duplicate keys: quarantined, named, kept verbatim, id not trusted
    assert quarantine[DUPLICATE][:2] == (previous, "duplicate_keys")
    assert quarantine[DUPLICATE][2] == "duplicate key in the record: safetyreportid and 1 more"
    assert quarantine[DUPLICATE][3] is None
    assert raw_verbatim is not None and raw_verbatim[0].count('"safetyreportid"') == 2
    assert not {DUPLICATE, DUPLICATE_LAST} & report_ids
    if FUTURE_RECEIVE in {r["safetyreportid"] for r in special}:
        assert quarantine[FUTURE_RECEIVE][:2] == (current, "future_receivedate")
    # nothing lost: every plain record is a report; raw = reports + quarantine per quarter
    assert {r["safetyreportid"] for r in plain} | {FUTURE_RECEIPT} == report_ids
    pub = published(data)
    assert pub.raw_per_quarter == pub.reconciled_per_quarter
    assert sum(pub.raw_per_quarter.values()) == len(plain) + len(special)
    assert len(quarantine) == len(special) - 1
    assert errors == []
    record_figures(
        "implausible",
        plain_records=len(plain),
        implausible_records=len(special),
        reports=len(report_ids),
        quarantined=len(quarantine),
        reasons=sorted(q[1] for q in quarantine.values()),
        published=True,
    )
