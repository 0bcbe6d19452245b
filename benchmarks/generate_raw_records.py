"""Writes a synthetic raw.raw_records table for measuring the clean build's throughput.

The records are built from the real openFDA drug/event records in
``reference/real_background/openfda_drugevent_records_27_crhntr.json`` (their shape, sizes and
quirks; the README there gives their origin) with ketamine or esketamine put on one drug
entry, and ages, dates, ids and versions varied. About 2 % are made hostile (no id, bad
receivedate, patient.drug an object, no target drug, numbers instead of strings) and about 3 %
are earlier versions of another record. Nothing here is real ketamine data; it is for timing
only.

    python -m benchmarks.generate_raw_records /tmp/raw.duckdb 100000
"""

from __future__ import annotations

import argparse
import copy
import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pandas

from ketamine_faers.paths import REFERENCE_DIR
from ketamine_faers.sql_files import read_sql

#: The real records the synthetic ones are made from (bundled in the repository).
TEMPLATES_JSON = REFERENCE_DIR / "real_background" / "openfda_drugevent_records_27_crhntr.json"
NAMES = [
    ("KETAMINE", None),
    ("KETALAR", ["KETAMINE HYDROCHLORIDE"]),
    ("KETAMINE HCL", None),
    ("SPRAVATO", ["ESKETAMINE HYDROCHLORIDE"]),
    ("ESKETAMINE", None),
    ("KETAMINE (S)-", None),
]
UNITS = ["800", "801", "801", "801", "802", "803", "804", "805", None]
TERMS = ["Dissociation", "BLOOD PRESSURE INCREASED", "Sedation", "Nausea", "Headache"]


def _templates() -> list[dict[str, Any]]:
    records = json.loads(TEMPLATES_JSON.read_text(encoding="utf-8"))
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ValueError(f"{TEMPLATES_JSON} is not a JSON array of records")
    return records


def make_record(rng: random.Random, base: dict[str, Any], n: int, received: date) -> dict[str, Any]:
    rec = copy.deepcopy(base)
    rec["safetyreportid"] = str(20_000_000 + n)
    rec["safetyreportversion"] = str(rng.randint(1, 4))
    rec["receivedate"] = received.strftime("%Y%m%d")
    patient = rec.setdefault("patient", {})
    drugs = patient.setdefault("drug", [{}])
    name, generic = rng.choice(NAMES)
    target = drugs[rng.randrange(len(drugs))]
    target["medicinalproduct"] = name
    if generic:
        target["openfda"] = {"generic_name": generic, "brand_name": [name]}
    unit = rng.choice(UNITS)
    patient["patientonsetage"] = str(rng.randint(1, 90))
    if unit:
        patient["patientonsetageunit"] = unit
    patient["reaction"] = [
        {"reactionmeddrapt": t, "reactionoutcome": str(rng.randint(1, 6))}
        for t in rng.sample(TERMS, rng.randint(1, 3))
    ]
    return rec


def hostile(rng: random.Random, rec: dict[str, Any]) -> dict[str, Any] | list[dict[str, Any]]:
    kind = rng.randrange(6)
    if kind == 0:
        rec.pop("safetyreportid")
    elif kind == 1:
        rec["receivedate"] = "20231399"
    elif kind == 2:
        rec["patient"]["drug"] = rec["patient"]["drug"][0]
    elif kind == 3:
        for d in rec["patient"]["drug"]:
            d["medicinalproduct"] = "KETOROLAC"
            d.pop("openfda", None)
    elif kind == 4:
        rec["patient"]["patientonsetage"] = 42
        rec["serious"] = 1
    else:
        return [rec]
    return rec


def generate(path: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    templates = _templates()
    start = date(2019, 1, 1)
    rows: list[tuple[str, str | None, str]] = []
    for n in range(count):
        received = start + timedelta(days=rng.randrange(5 * 365))
        quarter = f"{received.year}Q{(received.month - 1) // 3 + 1}"
        rec = make_record(rng, rng.choice(templates), n, received)
        if rng.random() < 0.03 and rows and rows[-1][1]:
            rec["safetyreportid"] = rows[-1][1]
        out = hostile(rng, rec) if rng.random() < 0.02 else rec
        sid = rec.get("safetyreportid") if isinstance(out, dict) else None
        rows.append((quarter, sid, json.dumps(out)))
    con = duckdb.connect(str(path))
    con.execute(read_sql("operations/raw_landing/create_raw_records.sql"))
    con.execute("delete from raw_records")
    gen = pandas.DataFrame(rows, columns=["quarter", "safetyreportid", "record"])
    gen["n"] = range(len(gen))
    con.register("gen", gen)
    con.execute(
        """
        insert into raw_records
        select quarter,
               row_number() over (partition by quarter order by n),
               safetyreportid,
               record::json,
               timestamp '2024-06-01 00:00:00',
               date '2024-05-28'
        from gen
        """
    )
    con.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("path", type=Path, help="DuckDB file to write raw_records into")
    parser.add_argument("count", type=int, help="number of records to generate")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    generate(args.path, args.count, seed=args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
