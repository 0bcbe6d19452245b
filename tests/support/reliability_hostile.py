"""The hostile corpus of the reliability suite: records that still match the ketamine search
(a ketamine drug and a receivedate inside 2021Q1..2022Q4, unless the hostility is exactly
there) but break every other expectation. Built in code: a 1 MB string is no fixture file."""

from __future__ import annotations

MB = 1_000_000
SQL = "'; drop table reports; --"
HTML = '<script>alert("x")</script><img src=x onerror=alert(1)>'
CONTROL = "".join(chr(c) for c in range(0, 32)) + "\x7f"


LONE_SURROGATE = "lone \ud800 surrogate \udfff"


# Records the ketamine search cannot match (no parseable receivedate, no patient.drug): the
# service must not serve them, as openFDA would not; they are in the corpus to prove that.
UNMATCHED_IDS = frozenset({"72000010", "72000011", "72000030", "72000031", "72000032"})


def _drug(name: str = "KETAMINE", **extra) -> dict:
    return {"medicinalproduct": name, "drugcharacterization": "1", **extra}


def _record(rid, day: str = "20210310", **patient) -> dict:
    record = {"receivedate": day, "patient": {"drug": [_drug()], **patient}}
    if rid is not ...:
        record["safetyreportid"] = rid
    return record


def hostile_records() -> list[dict]:
    """Each entry: one hostile record. ``...`` as the id means the key is absent."""
    base = 72_000_000
    records: list[dict] = [
        # ids: missing, null, empty, number, list, object, SQL, HTML, control characters
        _record(...),
        _record(None),
        _record(""),
        _record(base + 1),
        _record([str(base + 2)]),
        _record({"id": str(base + 3)}),
        _record(SQL),
        _record(HTML),
        _record(f"{base + 4}\u0000\u0007"),
        _record("x" * 65),
        # dates: impossible receive dates inside the quarter's range, bad other dates
        _record(str(base + 10), day="20210231"),
        _record(str(base + 11), day="20210100"),
        {
            "safetyreportid": str(base + 12),
            "receivedate": "20210405",
            "receiptdate": "00000000",
            "patient": {"drug": [_drug(drugstartdate="20231399", drugenddate="00000000")]},
        },
        {
            "safetyreportid": str(base + 13),
            "receivedate": "20210406",
            "receiptdate": "20231399",
            "patient": {"drug": [_drug(drugstartdate=20210101, drugenddate=["20210101"])]},
        },
        # ages and other scalars with wrong values or types
        _record(str(base + 20), patientonsetage="-5", patientonsetageunit="801"),
        _record(str(base + 21), patientonsetage="99999", patientonsetageunit="801"),
        _record(str(base + 22), patientonsetage=42, patientonsetageunit=801),
        _record(str(base + 23), patientonsetage=["42"], patientonsetageunit={"u": 1}),
        _record(str(base + 24), patientonsetage=1e308, patientsex=[1, 2]),
        _record(str(base + 25), patientonsetage=True, patientweight=-70, patientsex=None),
        _record(str(base + 26), patientweight="NaN", patientagegroup=["5"]),
        # structure: nested lists where objects belong, objects where lists belong
        {"safetyreportid": str(base + 30), "receivedate": "20210711", "patient": [[_drug()]]},
        {"safetyreportid": str(base + 31), "receivedate": "20210711", "patient": "KETAMINE"},
        {"safetyreportid": str(base + 32), "receivedate": "20210711"},
        _record(str(base + 33), drug=_drug()),
        _record(str(base + 34), drug=[[_drug()]]),
        _record(str(base + 35), drug=[_drug(), "KETAMINE", 7, None]),
        _record(str(base + 36), reaction={"reactionmeddrapt": "Nausea"}),
        _record(str(base + 37), reaction=[["Nausea"], {"reactionmeddrapt": ["x"]}]),
        _record(str(base + 38), reaction=[{"reactionmeddrapt": 12, "reactionoutcome": [5]}]),
        {
            "safetyreportid": str(base + 39),
            "receivedate": "20210712",
            "patient": {"drug": [_drug(openfda="KETAMINE", activesubstance=[["x"]])]},
        },
        # text: 1 MB strings, control characters, lone surrogates, non-Latin, HTML and SQL
        _record(str(base + 40), reaction=[{"reactionmeddrapt": "A" * MB}]),
        {
            "safetyreportid": str(base + 41),
            "receivedate": "20211015",
            "patient": {
                "drug": [_drug(drugindication="B" * MB, drugdosagetext=CONTROL)],
                "summary": {"narrativeincludeclinical": "\u00e9" * (MB // 2)},
            },
        },
        _record(str(base + 42), reaction=[{"reactionmeddrapt": CONTROL}]),
        # (lone surrogates: see LONE_SURROGATE; neither the local service nor the landing
        # accepts them yet, test_reliability_hostile.py has a strict xfail for each)
        _record(str(base + 44), reaction=[{"reactionmeddrapt": "\u6c2f\u80fa\u916e \U0001f489"}]),
        _record(str(base + 45), reaction=[{"reactionmeddrapt": SQL}, {"reactionmeddrapt": HTML}]),
        {
            "safetyreportid": str(base + 46),
            "receivedate": "20211016",
            "occurcountry": SQL,
            "primarysource": {"qualification": HTML, "reportercountry": "\u0000"},
            "patient": {"drug": [_drug(drugadministrationroute=SQL, actiondrug=HTML)]},
        },
        # duplicate ids with different content: versions, equal versions, across quarters
        _record(str(base + 50), day="20220110", patientsex="1") | {"safetyreportversion": "1"},
        _record(str(base + 50), day="20220111", patientsex="2") | {"safetyreportversion": "2"},
        _record(str(base + 51), day="20220210") | {"safetyreportversion": "10"},
        _record(str(base + 51), day="20220211") | {"safetyreportversion": "9"},
        _record(str(base + 52), day="20220510") | {"safetyreportversion": "3"},
        _record(str(base + 52), day="20221110") | {"safetyreportversion": "3"},
        _record(str(base + 53), day="20220512") | {"safetyreportversion": "abc"},
        _record(str(base + 53), day="20220513") | {"safetyreportversion": ["2"]},
        _record(SQL, day="20220610"),
        _record(SQL, day="20220611"),
    ]
    return records
