"""Deliberately awkward SYNTHETIC records that the cleaning stage must quarantine or handle.

Each one still names ketamine or esketamine, so a search for the products returns it, and each
keeps a valid ``receivedate``, because the service partitions by that date. Nothing marks
them inside the records (they carry only openFDA's fields). Tests find them through
:data:`AWKWARD_RECORDS`: the pair (``companynumb``, ``safetyreportversion``) is unique in the
corpus, even for the record that has no ``safetyreportid`` (legacy-style records have no
``safetyreportversion``: there it is None).
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from standins.sample.reports import MODERN_ERA, Product, Record, ReportBuilder


@dataclass(frozen=True)
class AwkwardRecord:
    name: str
    safetyreportid: str | None  # None: the record has no safetyreportid at all
    safetyreportversion: str | None  # None: a legacy-style record without the field
    companynumb: str
    receivedate: date
    product: Product
    quirk: str  # what is wrong with it, and what the pipeline is expected to do


def _awkward(
    name: str,
    rid: str | None,
    received: date,
    quirk: str,
    *,
    product: Product = Product.KETAMINE,
    version: str | None = "1",
    company: str | None = None,
) -> AwkwardRecord:
    number = company or f"US-SYNTHETIC-AWKWARD-{name.upper().replace('_', '-')}"
    return AwkwardRecord(name, rid, version, number, received, product, quirk)


_PAIR_COMPANY = "US-JNJFOC-SYNTHETIC-AWKWARD-VERSION-PAIR"
AWKWARD_RECORDS: tuple[AwkwardRecord, ...] = (
    _awkward(
        "missing_safetyreportid",
        None,
        date(2022, 11, 14),
        "no safetyreportid key: quarantine, the case cannot be keyed",
    ),
    _awkward(
        "drug_is_object",
        "21734590",
        date(2022, 11, 15),
        "patient.drug is one object, not a list: treat as a one-element list or quarantine",
    ),
    _awkward(
        "reaction_missing",
        "21734612",
        date(2022, 11, 16),
        "patient.reaction is absent: a report with drugs but no reaction term",
    ),
    _awkward(
        "script_in_drug_name",
        "21734788",
        date(2022, 11, 22),
        'medicinalproduct is <script>alert("x")</script> KETAMINE: dashboards must escape it',
    ),
    _awkward(
        "receiptdate_unparseable",
        "21734749",
        date(2022, 11, 21),
        'receiptdate is "UNK": not a date in format 102',
    ),
    _awkward(
        "drugstartdate_invalid_month",
        "22419377",
        date(2024, 1, 16),
        'drugstartdate "20231399" with format 102: month 13, day 99',
    ),
    _awkward(
        "drugstartdate_all_zeros",
        "22419436",
        date(2024, 1, 17),
        'drugstartdate "00000000" with format 102',
    ),
    _awkward(
        "version_pair_v1",
        "19233047",
        date(2021, 5, 10),
        "same safetyreportid as version_pair_v2, older version: keep only version 2",
        product=Product.ESKETAMINE,
        company=_PAIR_COMPANY,
    ),
    _awkward(
        "version_pair_v2",
        "19233047",
        date(2021, 5, 10),
        "latest version of 19233047: one more reaction, later receiptdate",
        product=Product.ESKETAMINE,
        version="2",
        company=_PAIR_COMPANY,
    ),
    # Probable duplicates: different ids and companynumbs, identical event date, age, sex,
    # country, drug set and reaction set. A3 is received a quarter later than A1 and A2.
    *(
        _awkward(
            f"probable_duplicate_a{i}",
            rid,
            received,
            "same case as the other probable_duplicate_a* records, sent by another reporter",
            product=Product.ESKETAMINE,
            company=f"US-{source}-SYNTHETIC-AWKWARD-DUPLICATE-A{i}",
        )
        for i, rid, received, source in (
            (1, "23910377", date(2024, 5, 6), "JNJFOC"),
            (2, "23911054", date(2024, 5, 20), "TEVA"),
            (3, "24230318", date(2024, 7, 8), "JANSSEN"),
        )
    ),
    *(
        _awkward(
            f"probable_duplicate_b{i}",
            rid,
            received,
            "same legacy AERS case as the other probable_duplicate_b* record",
            version=None,
            company=f"UNITED STATES-{source}-SYNTHETIC-AWKWARD-DUPLICATE-B{i}",
        )
        for i, rid, received, source in (
            (1, "8512349-1", date(2012, 4, 10), "PARPHARM"),
            (2, "8540781-6", date(2012, 4, 23), "HOSPIRA"),
        )
    ),
)


def awkward_record_ids() -> dict[str, str | None]:
    """Name of each awkward record -> its safetyreportid (None when it has none)."""
    return {awk.name: awk.safetyreportid for awk in AWKWARD_RECORDS}


def build_awkward_records(seed: int, today: date) -> list[Record]:
    """The awkward records received on or before ``today``, in :data:`AWKWARD_RECORDS` order."""
    templates: dict[str, Record] = {}
    out: list[Record] = []
    for awk in AWKWARD_RECORDS:
        if awk.receivedate > today:
            continue
        group = _group(awk.name)
        if group not in templates:
            templates[group] = _template(awk, seed, today)
        record = copy.deepcopy(templates[group])
        _identify(record, awk, today)
        _QUIRKS.get(awk.name, _no_quirk)(record)
        out.append(record)
    return out


def _group(name: str) -> str:
    """Records of one group share a template: the version pair, each duplicate cluster."""
    for prefix in ("version_pair", "probable_duplicate_a", "probable_duplicate_b"):
        if name.startswith(prefix):
            return prefix
    return name


def _template(awk: AwkwardRecord, seed: int, today: date) -> Record:
    builder = ReportBuilder(random.Random(f"{seed}:awkward:{_group(awk.name)}"), today)
    day = awk.receivedate.toordinal()
    record = builder.build(awk.product, day, awk.safetyreportid or "0")
    patient = record["patient"]
    # Keep at least one product entry first, so quirks that edit "the drug" edit it.
    patient["drug"].insert(0, builder.product_drug(awk.product, day, day >= MODERN_ERA))
    if _group(awk.name).startswith("probable_duplicate"):
        _fix_case_facts(record, legacy=awk.name.startswith("probable_duplicate_b"))
    return record


def _fix_case_facts(record: Record, *, legacy: bool) -> None:
    """What duplicate detection compares: event date, age, sex, country."""
    patient = record["patient"]
    patient["patientonsetage"] = "34" if not legacy else "27"
    patient["patientonsetageunit"] = "801"
    patient["patientsex"] = "2" if not legacy else "1"
    event = "20240428" if not legacy else "20120302"
    patient["summary"] = {"narrativeincludeclinical": f"CASE EVENT DATE: {event}"}
    country = "US" if not legacy else "UNITED STATES"
    record["occurcountry"] = country
    record["primarysourcecountry"] = country
    record["primarysource"]["reportercountry"] = country


def _identify(record: Record, awk: AwkwardRecord, today: date) -> None:
    """Puts the fixed identity of ``awk`` on a copy of its template."""
    received = awk.receivedate
    if awk.safetyreportid is None:
        del record["safetyreportid"]
    else:
        record["safetyreportid"] = awk.safetyreportid
    if awk.safetyreportversion is None:
        record.pop("safetyreportversion", None)
    else:
        record["safetyreportversion"] = awk.safetyreportversion
    record["companynumb"] = awk.companynumb
    if "reportduplicate" in record:
        record["reportduplicate"]["duplicatenumb"] = awk.companynumb
    follow_up = awk.safetyreportversion not in (None, "1")
    receipt = min(received + timedelta(days=80 if follow_up else 0), today)
    record["receivedate"] = received.strftime("%Y%m%d")
    record["receiptdate"] = receipt.strftime("%Y%m%d")
    record["transmissiondate"] = min(receipt + timedelta(days=30), today).strftime("%Y%m%d")


def _no_quirk(record: Record) -> None:
    return None


def _drug_is_object(record: Record) -> None:
    record["patient"]["drug"] = record["patient"]["drug"][0]


def _reaction_missing(record: Record) -> None:
    del record["patient"]["reaction"]


def _start_date(value: str) -> Callable[[Record], None]:
    def quirk(record: Record) -> None:
        drug = record["patient"]["drug"][0]
        drug["drugstartdateformat"] = "102"
        drug["drugstartdate"] = value

    return quirk


def _receiptdate_unparseable(record: Record) -> None:
    record["receiptdate"] = "UNK"


def _script_in_drug_name(record: Record) -> None:
    record["patient"]["drug"][0]["medicinalproduct"] = '<script>alert("x")</script> KETAMINE'


def _newer_version(record: Record) -> None:
    """The follow-up adds a term the first version did not have."""
    reactions = record["patient"]["reaction"]
    known = {reaction["reactionmeddrapt"] for reaction in reactions}
    follow_up = dict(reactions[0])
    follow_up["reactionmeddrapt"] = next(
        term for term in ("Blood pressure increased", "Hypertension") if term not in known
    )
    reactions.append(follow_up)


_QUIRKS: dict[str, Callable[[Record], None]] = {
    "drug_is_object": _drug_is_object,
    "reaction_missing": _reaction_missing,
    "drugstartdate_invalid_month": _start_date("20231399"),
    "drugstartdate_all_zeros": _start_date("00000000"),
    "receiptdate_unparseable": _receiptdate_unparseable,
    "script_in_drug_name": _script_in_drug_name,
    "version_pair_v2": _newer_version,
}
