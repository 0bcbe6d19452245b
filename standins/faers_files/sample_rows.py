"""One SYNTHETIC openFDA record as the rows FDA's quarterly ASCII files would hold for it.

The mapping is docs/sources/faers-ascii-notes.md §6: ``safetyreportid`` is the FAERS
``caseid``, a legacy ``NNNNNNN-D`` id is the ISR plus a check digit (DEMO ``image``),
``receivedate`` is ``init_fda_dt``, ``receiptdate`` is ``fda_dt``, drugcharacterization 1 is
PS for the first suspect and SS after it, 2 is C, 3 is I; the seriousness flags become OUTC
codes (never RI: openFDA has no flag for it). Rows are keyed by the landing contract's unified
names; a column the quarter's layout lacks (legacy ``caseid`` in child tables, ``prod_ai``
before 2014Q3 ...) is simply not written (:func:`.sample_zip.fda_lines`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ketamine_faers.paths import REFERENCE_DIR
from ketamine_faers.quarters import parse_quarter
from standins.faers_files.writer import era_of
from standins.sample.vocabulary import COUNTRY_NAMES

Row = dict[str, str | None]
Tables = dict[str, list[Row]]

LEGACY_ID = re.compile(r"^(\d{5,9})-(\d)$")
LEGACY_CASE_OFFSET = 1_000_000
"""A legacy CASE is its first ISR minus this: CASE and ISR differ, as in AERS, so a consumer
has to map ISR -> CASE through DEMO (notes §6.3), and cases never meet FAERS caseids."""

AGE_UNITS = {"800": "DEC", "801": "YR", "802": "MON", "803": "WK", "804": "DY", "805": "HR"}
AGE_GROUPS = {"1": "N", "2": "I", "3": "C", "4": "T", "5": "A", "6": "E"}
SEXES = {"0": "UNK", "1": "M", "2": "F"}
OCCUPATIONS = {"1": "MD", "2": "PH", "3": "OT", "4": "LW", "5": "CN"}
OUTCOMES = (
    ("seriousnessdeath", "DE"),
    ("seriousnesslifethreatening", "LT"),
    ("seriousnesshospitalization", "HO"),
    ("seriousnessdisabling", "DS"),
    ("seriousnesscongenitalanomali", "CA"),
    ("seriousnessother", "OT"),
)
ROLES = {"2": "C", "3": "I"}
DECHAL = {"1": "Y", "2": "N", "3": "D"}
RECHAL = {"1": "Y", "2": "N", "3": "U"}
DOSE_UNITS = {"001": "KG", "002": "G", "003": "MG", "004": "UG"}
CODES_BY_NAME = {name: code for code, name in COUNTRY_NAMES.items()}
EVENT_PREFIX = "CASE EVENT DATE: "


@dataclass(frozen=True)
class CaseIds:
    """Who a version is in the files: FAERS (caseid, caseversion, primaryid = both joined) or
    legacy (ISR as primaryid, CASE as caseid, no caseversion, ``image`` = ISR-checkdigit)."""

    primaryid: str
    caseid: str
    caseversion: str | None
    image: str | None = None


def legacy_case_number(isr: str) -> str:
    """The stable CASE of a legacy report whose first ISR is ``isr``."""
    return str(int(isr) - LEGACY_CASE_OFFSET)


def check_digit(isr: int) -> str:
    """The generator's check digit (digit sum mod 10), for ISRs made up here."""
    return str(sum(map(int, str(isr))) % 10)


def caseid_of(safetyreportid: str) -> str:
    """The files' caseid of an openFDA ``safetyreportid``: itself in FAERS, the CASE of its
    ISR for a legacy ``NNNNNNN-D`` id."""
    match = LEGACY_ID.match(safetyreportid)
    return legacy_case_number(match.group(1)) if match else safetyreportid


def record_ids(record: Mapping[str, Any], quarter: str) -> CaseIds | None:
    """The ids a record gets in ``quarter``'s files, or None when it has no usable id."""
    return _ids(record, era_of(quarter) == "aers")


def _ids(record: Mapping[str, Any], legacy: bool) -> CaseIds | None:
    rid = record.get("safetyreportid")
    if not isinstance(rid, str):
        return None
    match = LEGACY_ID.match(rid) if "-" in rid else None
    if legacy:
        if match is None:
            return None
        isr = match.group(1)
        return CaseIds(isr, legacy_case_number(isr), None, rid)
    if match is None and not rid.isdigit():
        return None
    version = record.get("safetyreportversion")
    version = version if isinstance(version, str) and version.isdigit() else "1"
    caseid = legacy_case_number(match.group(1)) if match else rid
    return CaseIds(caseid + version, caseid, version)


@lru_cache(maxsize=1)
def route_labels() -> dict[str, str]:
    """E2B route code -> FDA's label (``048`` -> ``Oral``), the text FAERS files carry."""
    with (REFERENCE_DIR / "e2b_routes.csv").open(encoding="utf-8", newline="") as handle:
        return {row["route_code"]: row["fda_label"] for row in csv.DictReader(handle)}


UNIFIED = {"isr": "primaryid", "case": "caseid", "gndr_cod": "sex", "i_f_code": "i_f_cod"}
UNIFIED |= {"dsg_drug_seq": "drug_seq", "indi_drug_seq": "drug_seq", "lot_nbr": "lot_num"}
UNIFIED |= {"outc_code": "outc_cod", " rept_dt": "rept_dt"}
"""FDA's header names -> the landing contract's (as in :mod:`.writer`)."""


def _text(value: Any) -> str | None:
    """A field value: strings only, with no ``$`` or line break to break FDA's format."""
    if type(value) is not str or not value:
        return None
    if "$" in value or "\n" in value or "\r" in value:
        value = value.replace("$", " ").replace("\r", " ").replace("\n", " ")
    return value


def _pad(value: str | None) -> str | None:
    """Legacy extracts (and FAERS event dates from 2021Q4) pad partial dates (notes §3.9)."""
    if value is None or not value.isdigit():
        return value
    return value + "0101" if len(value) == 4 else value + "01" if len(value) == 6 else value


class RowMaker:
    """Converts records for one quarter (its era and code lists)."""

    def __init__(self, quarter: str) -> None:
        self.quarter = quarter
        self.legacy = era_of(quarter) == "aers"
        year, q = parse_quarter(quarter)
        self.hp_from_2020 = year >= 2020
        self.pad_events = self.legacy or (year, q) >= (2021, 4)
        self.routes = route_labels()

    def ids(self, record: Mapping[str, Any]) -> CaseIds | None:
        """:func:`record_ids` for this quarter."""
        return _ids(record, self.legacy)

    def case(self, record: Mapping[str, Any], ids: CaseIds, *, follow_up: bool = False) -> Tables:
        """Every table's rows for one version (``follow_up``: a legacy ISR that has an earlier
        one). Raises nothing for odd shapes: a non-list drug becomes a one-element list."""
        patient = record.get("patient")
        patient = patient if isinstance(patient, dict) else {}
        keys: Row = {"primaryid": ids.primaryid, "caseid": None if self.legacy else ids.caseid}
        tables: Tables = {"demo": [self._demo(record, patient, ids, follow_up)]}
        terms = [
            _text(reaction.get("reactionmeddrapt"))
            for reaction in _objects(patient.get("reaction"))
        ]
        tables["reac"] = [{**keys, "pt": term} for term in terms if term]
        tables["outc"] = [
            {**keys, "outc_cod": code} for flag, code in OUTCOMES if record.get(flag) == "1"
        ]
        tables["rpsr"] = [{**keys, "rpsr_cod": code} for code in self._sources(record)]
        tables["drug"], tables["ther"], tables["indi"] = [], [], []
        suspects = 0
        for index, drug in enumerate(_objects(patient.get("drug")), start=1):
            seq = f"{ids.primaryid}{index:03d}" if self.legacy else str(index)
            role = drug.get("drugcharacterization")
            if role == "1":
                suspects += 1
            code = ("PS" if suspects == 1 else "SS") if role == "1" else ROLES.get(str(role))
            tables["drug"].append(self._drug(drug, keys, seq, code))
            start, end = _text(drug.get("drugstartdate")), _text(drug.get("drugenddate"))
            if start or end:
                if self.legacy:
                    start, end = _pad(start), _pad(end)
                tables["ther"].append({**keys, "drug_seq": seq, "start_dt": start, "end_dt": end})
            indication = _text(drug.get("drugindication"))
            if indication:
                tables["indi"].append({**keys, "drug_seq": seq, "indi_pt": indication})
        return tables

    def _demo(
        self, record: Mapping[str, Any], patient: Mapping[str, Any], ids: CaseIds, follow_up: bool
    ) -> Row:
        received, receipt = _text(record.get("receivedate")), _text(record.get("receiptdate"))
        company = _text(record.get("companynumb"))
        duplicate = record.get("reportduplicate")
        source = _text(duplicate.get("duplicatesource")) if isinstance(duplicate, dict) else None
        if source is None and company and "-SYNTHETIC-" in company:
            source = company.split("-")[1]
        primary = record.get("primarysource")
        primary = primary if isinstance(primary, dict) else {}
        age = _text(patient.get("patientonsetage"))
        qualification = OCCUPATIONS.get(str(primary.get("qualification")))
        if qualification == "OT" and self.hp_from_2020:
            qualification = "HP"
        weight = _text(patient.get("patientweight"))
        version = ids.caseversion
        return {
            "primaryid": ids.primaryid,
            "caseid": ids.caseid,
            "caseversion": version,
            "i_f_cod": ("F" if follow_up else "I")
            if version is None
            else "I"
            if version == "1"
            else "F",
            "image": ids.image,
            "event_dt": self._event_date(patient),
            "mfr_dt": received if company else None,
            "init_fda_dt": received,
            "fda_dt": _pad(receipt) if self.legacy else receipt,
            "rept_cod": "EXP" if record.get("fulfillexpeditecriteria") == "1" else "PER",
            "auth_num": _text(record.get("authoritynumb")),
            "mfr_num": company,
            "mfr_sndr": source,
            "lit_ref": _text(primary.get("literaturereference")),
            "age": age,
            "age_cod": AGE_UNITS.get(str(patient.get("patientonsetageunit"))) if age else None,
            "age_grp": AGE_GROUPS.get(str(patient.get("patientagegroup"))),
            "sex": SEXES.get(str(patient.get("patientsex"))),
            "e_sub": "Y",
            "wt": weight,
            "wt_cod": "KG" if weight else None,
            "rept_dt": receipt,
            "occp_cod": qualification,
            "reporter_country": self._country(
                primary.get("reportercountry") or record.get("primarysourcecountry"), filler=True
            ),
            "occr_country": self._country(record.get("occurcountry"), filler=False),
            "death_dt": self._death_date(patient) if self.legacy else None,
        }

    def _event_date(self, patient: Mapping[str, Any]) -> str | None:
        summary = patient.get("summary")
        text = summary.get("narrativeincludeclinical") if isinstance(summary, dict) else None
        if not isinstance(text, str) or not text.startswith(EVENT_PREFIX):
            return None
        value = text[len(EVENT_PREFIX) :].strip()
        if not value.isdigit():
            return None
        return _pad(value) if self.pad_events else value

    def _death_date(self, patient: Mapping[str, Any]) -> str | None:
        death = patient.get("patientdeath")
        return _pad(_text(death.get("patientdeathdate"))) if isinstance(death, dict) else None

    def _country(self, value: Any, *, filler: bool) -> str | None:
        """FAERS: an ISO code (``COUNTRY NOT SPECIFIED`` when missing); legacy: the name."""
        text = _text(value)
        if self.legacy:
            return COUNTRY_NAMES.get(text, text) if text else None
        if text is None:
            return "COUNTRY NOT SPECIFIED" if filler else None
        return CODES_BY_NAME.get(text, text)

    def _sources(self, record: Mapping[str, Any]) -> list[str]:
        """RPSR: legacy paper-era sources (foreign, health professional, consumer); FAERS
        only study reports (the table is nearly empty there, notes §3.6)."""
        primary = record.get("primarysource")
        primary = primary if isinstance(primary, dict) else {}
        if not self.legacy:
            return ["SDY"] if record.get("reporttype") == "2" else []
        codes = []
        country = primary.get("reportercountry") or record.get("primarysourcecountry")
        if country and country not in ("US", "UNITED STATES"):
            codes.append("FGN")
        qualification = primary.get("qualification")
        if qualification in ("1", "2", "3"):
            codes.append("HP")
        elif qualification == "5":
            codes.append("CSM")
        return codes

    def _drug(self, drug: Mapping[str, Any], keys: Row, seq: str, role: str | None) -> Row:
        substance = drug.get("activesubstance")
        route = _text(drug.get("drugadministrationroute"))
        if route is not None:
            label = self.routes.get(route, route)
            route = label.upper() if self.legacy else label
        unit = _text(drug.get("drugstructuredosageunit"))
        return {
            **keys,
            "drug_seq": seq,
            "role_cod": role,
            "drugname": _text(drug.get("medicinalproduct")),
            "prod_ai": _text(substance.get("activesubstancename"))
            if isinstance(substance, dict)
            else None,
            "val_vbm": "1" if isinstance(drug.get("openfda"), dict) else "2",
            "route": route,
            "dose_vbm": _text(drug.get("drugdosagetext")),
            "dechal": DECHAL.get(str(drug.get("drugadditional"))),
            "rechal": RECHAL.get(str(drug.get("drugrecurreadministration"))),
            "lot_num": _text(drug.get("drugbatchnumb")),
            "nda_num": _text(drug.get("drugauthorizationnumb")),
            "dose_amt": _text(drug.get("drugstructuredosagenumb")),
            "dose_unit": DOSE_UNITS.get(unit, unit) if unit else None,
            "dose_form": _text(drug.get("drugdosageform")),
        }


def _objects(value: Any) -> list[dict[str, Any]]:
    """A list of dicts from a list (non-dicts dropped), one dict, or anything else (none)."""
    if isinstance(value, dict):
        return [value]
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
