"""Builds one SYNTHETIC drug/event record in the shape of the real openFDA records.

Shape and quirks copy ``reference/real_background/``. Every scalar is a string, ``openfda.*``
values are lists of strings, and fields are left out rather than set empty. Reports received
before 2013 look like legacy AERS cases: upper-case terms, no MedDRA version, no ``sendertype``,
``receiver`` null, country names instead of ISO codes. Later reports look like FAERS ones.

The builder is the hot path of a million-record benchmark, so each field costs about one
``rng.random()``: a weighted pick indexes a pre-expanded bag (``random.choice`` would cost
five times more), and date strings are looked up in a table.
"""

from __future__ import annotations

import random
from datetime import date
from enum import IntEnum
from functools import lru_cache
from typing import Any

from standins.sample import vocabulary as v

Record = dict[str, Any]

MODERN_ERA = date(2013, 1, 1).toordinal()
"""From here on: mixed-case MedDRA terms with versions, ISO countries, sender/receiver types."""
ESKETAMINE_FIRST_DAY = date(2019, 3, 5).toordinal()
"""SPRAVATO's US approval: no esketamine report is received before it."""
_CALENDAR_START = date(2000, 1, 1).toordinal()


class Product(IntEnum):
    """What a generated report is about. Background reports name neither product."""

    KETAMINE = 0
    ESKETAMINE = 1
    BACKGROUND = 2


@lru_cache(maxsize=4)
def day_strings(last: date) -> tuple[str, ...]:
    """``YYYYMMDD`` of every day from 2000-01-01 to ``last``, indexed by ordinal offset.

    One table per ``today``: formatting a date costs a microsecond, a lookup a tenth of it."""
    return tuple(
        date.fromordinal(o).strftime("%Y%m%d") for o in range(_CALENDAR_START, last.toordinal() + 1)
    )


class ReportBuilder:
    """Makes reports for one quarter from one random stream, so quarters are independent."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.random = rng.random
        self.today = today.toordinal()
        self._days = day_strings(today)

    # --- small helpers -----------------------------------------------------------------
    def ymd(self, ordinal: int) -> str:
        ordinal = min(max(ordinal, _CALENDAR_START), self.today)
        return self._days[ordinal - _CALENDAR_START]

    def partial_date(self, ordinal: int, fmt: str) -> str:
        """A date in openFDA's format ``fmt``: 102 YYYYMMDD, 610 YYYYMM, 602 YYYY."""
        full = self.ymd(ordinal)
        return full if fmt == "102" else full[:6] if fmt == "610" else full[:4]

    def pick(self, bag: tuple[Any, ...]) -> Any:
        """A weighted draw from a :func:`vocabulary.bag`."""
        return bag[int(self.random() * len(bag))]

    # --- the record -------------------------------------------------------------------
    def build(self, product: Product, day: int, safetyreportid: str) -> Record:
        """One report received on ordinal ``day``."""
        r = self.random
        modern = day >= MODERN_ERA
        version = self.pick(v.VERSIONS)
        receipt = self._receipt_day(day, version)
        transmission = min(max(receipt, day) + int(r() * 90), self.today)
        country = self.pick(
            (v.KETAMINE_COUNTRIES, v.ESKETAMINE_COUNTRIES, v.BACKGROUND_COUNTRIES)[product]
        )
        serious = r() < 0.65
        suspect = self.pick(v.BACKGROUND_SUSPECTS) if product is Product.BACKGROUND else None
        record: Record = {}
        if modern:
            record["safetyreportversion"] = version
        record["safetyreportid"] = safetyreportid
        self._countries(record, country, modern)
        record["transmissiondateformat"] = "102"
        record["transmissiondate"] = self.ymd(transmission)
        if modern:
            record["reporttype"] = self.pick(v.REPORT_TYPES)
        record["serious"] = "1" if serious else "2"
        flags = self._seriousness(record) if serious else ()
        record["receivedateformat"] = "102"
        record["receivedate"] = self.ymd(day)
        record["receiptdateformat"] = "102"
        record["receiptdate"] = self.ymd(receipt)
        record["fulfillexpeditecriteria"] = "1" if serious and r() < 0.8 else "2"
        self._company(record, product, suspect, country, day, safetyreportid, modern)
        record["primarysource"] = self._primary_source(country, modern)
        record["sender"] = (
            {"sendertype": "2", "senderorganization": "FDA-Public Use"}
            if modern
            else {"senderorganization": "FDA-Public Use"}
        )
        record["receiver"] = (
            {"receivertype": "6", "receiverorganization": "FDA"} if modern else None
        )
        record["patient"] = self.patient(product, day, receipt, modern, flags, suspect)
        return record

    def _receipt_day(self, day: int, version: str) -> int:
        """Latest version's date: later than ``receivedate`` for follow-ups, and now and then
        earlier, as in real record 5801206-7."""
        r = self.random()
        if r < 0.03:
            return day - 1 - int(self.random() * 20)
        if version == "1":
            return day
        return min(day + 14 + int(r * 400), self.today)

    def _countries(self, record: Record, country: str, modern: bool) -> None:
        r = self.random()
        if modern:
            name_style = r < 0.06
            shown = v.COUNTRY_NAMES[country] if name_style else country
            record["primarysourcecountry"] = shown
            if r < 0.95:
                record["occurcountry"] = shown
        elif r < 0.3:
            record["occurcountry"] = v.COUNTRY_NAMES[country]
            record["primarysourcecountry"] = v.COUNTRY_NAMES[country]

    def _seriousness(self, record: Record) -> tuple[str, ...]:
        flags = {self.pick(v.SERIOUSNESS_FLAGS)}
        if self.random() < 0.3:
            flags.add(self.pick(v.SERIOUSNESS_FLAGS))
        ordered = tuple(sorted(flags))
        for flag in ordered:
            record[flag] = "1"
        return ordered

    def _company(
        self,
        record: Record,
        product: Product,
        suspect: v.OtherDrug | None,
        country: str,
        day: int,
        safetyreportid: str,
        modern: bool,
    ) -> None:
        """``companynumb`` says SYNTHETIC, so a record lifted out of the corpus still says
        what it is."""
        if suspect is not None:
            source = suspect[5]
            code = source.replace(" ", "")
        else:
            code, source = self.pick(_PRODUCTS[product].sources)
        year = self._days[day - _CALENDAR_START][:4]
        number = f"{country}-{code}-SYNTHETIC-{year}-{safetyreportid.replace('-', '')}"
        record["companynumb"] = number
        if modern and self.random() < 0.8:
            record["duplicate"] = "1"
            record["reportduplicate"] = {"duplicatesource": source, "duplicatenumb": number}

    def _primary_source(self, country: str, modern: bool) -> dict[str, str]:
        source: dict[str, str] = {}
        r = self.random()
        if modern:
            source["reportercountry"] = country if r < 0.95 else v.COUNTRY_NAMES[country]
        elif r < 0.7:
            source["reportercountry"] = v.COUNTRY_NAMES[country]
        qualification = self.pick(v.QUALIFICATIONS)
        if qualification is not None:
            source["qualification"] = qualification
        return source

    # --- patient ----------------------------------------------------------------------
    def patient(
        self,
        product: Product,
        day: int,
        receipt: int,
        modern: bool,
        flags: tuple[str, ...] = (),
        suspect: v.OtherDrug | None = None,
    ) -> Record:
        """The patient block; ``suspect`` is the other drug a background report is about."""
        patient: Record = {}
        self._age(patient, product, modern)
        if self.random() < (0.25 if modern else 0.1):
            patient["patientweight"] = self._weight(patient.get("patientonsetageunit"))
        sex = self.pick(v.SEXES)
        if sex is not None:
            patient["patientsex"] = sex
        if "seriousnessdeath" in flags:
            self._death(patient, day, modern)
        patient["reaction"] = self.reactions(product, receipt, modern, "seriousnessdeath" in flags)
        patient["drug"] = self.drugs(product, day, modern, suspect)
        if modern and self.random() < 0.4:
            event_day = day - int(self.random() * 120)
            patient["summary"] = {
                "narrativeincludeclinical": "CASE EVENT DATE: "
                + self.partial_date(event_day, self.pick(v.DATE_FORMATS))
            }
        return patient

    def _age(self, patient: Record, product: Product, modern: bool) -> None:
        r = self.random
        kind = self.pick(v.AGE_KINDS)
        if kind == "absent":
            return
        if kind == "null":
            patient["patientonsetage"] = None
            patient["patientonsetageunit"] = "801"
            return
        if kind == "impossible":
            patient["patientonsetage"] = self.pick(v.IMPOSSIBLE_AGES)
            patient["patientonsetageunit"] = "801"
            return
        if kind == "801":
            years = self._years(product)
            patient["patientonsetage"] = str(years)
            patient["patientonsetageunit"] = "801"
            if modern and r() < 0.2:
                patient["patientagegroup"] = _age_group(years)
            return
        low, high = v.AGE_RANGES[kind]
        patient["patientonsetage"] = str(low + int(r() * (high - low + 1)))
        patient["patientonsetageunit"] = kind
        if modern and kind in ("804", "805") and r() < 0.3:
            patient["patientagegroup"] = "1"

    def _years(self, product: Product) -> int:
        r = self.random()
        if product is Product.ESKETAMINE:
            return 18 + int(r * 68)
        if product is Product.KETAMINE and r < 0.08:
            return 1 + int(r / 0.08 * 17)
        return 18 + int(self.random() * 72)

    def _weight(self, age_unit: str | None) -> str:
        infant = age_unit in ("802", "803", "804", "805")
        kg = 2 + self.random() * 13 if infant else 40 + self.random() * 90
        return f"{kg:.2f}" if self.random() < 0.5 else str(int(kg))

    def _death(self, patient: Record, day: int, modern: bool) -> None:
        if not modern:
            if self.random() < 0.5:
                patient["patientdeath"] = {"patientdeathdateformat": None, "patientdeathdate": None}
        elif self.random() < 0.4:
            patient["patientdeath"] = {
                "patientdeathdate": self.ymd(day - int(self.random() * 30)),
                "patientdeathdateformat": "102",
            }

    # --- reactions --------------------------------------------------------------------
    def reactions(
        self, product: Product, receipt: int, modern: bool, died: bool = False
    ) -> list[Record]:
        """1 to 9 distinct terms from the product's profile; outcome 5 (fatal) only if the
        report says the patient died."""
        terms_bag = (v.KETAMINE_TERMS, v.ESKETAMINE_TERMS, v.BACKGROUND_TERMS)[product]
        count = self.pick(v.REACTION_COUNTS)
        terms = dict.fromkeys(self.pick(terms_bag) for _ in range(count))
        if modern:  # MedDRA has two releases a year: X.0 in March, X.1 in September
            received = self.ymd(receipt)
            meddra = f"{max(16, int(received[:4]) - 1997)}.{1 if received[4:6] >= '09' else 0}"
            outcomes = v.OUTCOMES_MODERN
        else:
            outcomes = v.OUTCOMES_LEGACY
        out: list[Record] = []
        for term in terms:
            reaction: Record = {"reactionmeddrapt": term if modern else term.upper()}
            if modern:
                reaction["reactionmeddraversionpt"] = meddra
            outcome = self.pick(outcomes)
            if outcome == "5" and not died:
                outcome = "6"
            if outcome is not None:
                reaction["reactionoutcome"] = outcome
            out.append(reaction)
        return out

    # --- drugs ------------------------------------------------------------------------
    def drugs(
        self, product: Product, day: int, modern: bool, suspect: v.OtherDrug | None = None
    ) -> list[Record]:
        """The product entry (or the background suspect) first in most reports, then
        concomitants; sometimes the product twice, sometimes both products."""
        r = self.random
        drugs = [
            self.other_drug(self.pick(v.CONCOMITANTS), self.pick(v.CONCOMITANT_ROLES), day)
            for _ in range(self.pick(v.CONCOMITANT_COUNTS))
        ]
        if product is Product.BACKGROUND:
            entry = suspect or self.pick(v.BACKGROUND_SUSPECTS)
            drugs.insert(0, self.other_drug(entry, "1", day))
            return drugs
        main = self.product_drug(product, day, modern)
        drugs.insert(0 if r() < 0.7 else int(r() * (len(drugs) + 1)), main)
        if r() < 0.08:  # the same product listed twice, as real reports often do
            drugs.append(self.product_drug(product, day, modern))
        other = Product.KETAMINE if product is Product.ESKETAMINE else Product.ESKETAMINE
        both_share = 0.03 if product is Product.ESKETAMINE else 0.01
        if r() < both_share and (other is Product.KETAMINE or day >= ESKETAMINE_FIRST_DAY):
            drugs.append(self.product_drug(other, day, modern))
        return drugs

    def product_drug(self, product: Product, day: int, modern: bool) -> Record:
        """A ketamine or esketamine entry, named in one of the spellings reporters use."""
        p = _PRODUCTS[product]
        name, openfda_key, authorization = self.pick(p.modern_names if modern else p.legacy_names)
        drug: Record = {"drugcharacterization": self.pick(p.roles), "medicinalproduct": name}
        if authorization is not None and self.random() < 0.7:
            drug["drugauthorizationnumb"] = authorization
        if self.random() < 0.3:
            drug["drugstructuredosagenumb"] = self.pick(p.dose_numbers)
            drug["drugstructuredosageunit"] = "003"
        _put(drug, "drugdosagetext", self.pick(p.dosage_texts))
        _put(drug, "drugdosageform", self.pick(p.forms))
        _put(drug, "drugadministrationroute", self.pick(p.routes))
        _put(drug, "drugindication", self.pick(p.indications))
        floor = ESKETAMINE_FIRST_DAY if product is Product.ESKETAMINE else _CALENDAR_START
        self._therapy_dates(drug, day, floor)
        _put(drug, "actiondrug", self.pick(v.ACTIONS))
        # FDA fills in the substance on most modern entries. Names without a US label
        # (KETANEST S, S-KETAMINE, strengths) always carry it here, so a search on the
        # substance finds them.
        if modern and (openfda_key is None or self.random() < 0.9):
            drug["activesubstance"] = {"activesubstancename": p.substance}
        if openfda_key is not None and self.random() < 0.35:
            drug["openfda"] = _openfda_copy(v.OPENFDA_BLOCKS[openfda_key])
        return drug

    def other_drug(self, entry: v.OtherDrug, role: str, day: int) -> Record:
        name, substance, indication, route, form, _ = entry
        r = self.random
        drug: Record = {"drugcharacterization": role, "medicinalproduct": name}
        if r() < 0.5:
            drug["drugdosageform"] = form
        if r() < 0.8:
            drug["drugadministrationroute"] = route
        if r() < 0.75:
            drug["drugindication"] = indication
        if r() < 0.3:
            self._therapy_dates(drug, day, _CALENDAR_START)
        if day >= MODERN_ERA or r() < 0.3:
            drug["activesubstance"] = {"activesubstancename": substance}
        if r() < 0.15:
            drug["openfda"] = {
                "brand_name": [name],
                "generic_name": [substance],
                "product_type": ["HUMAN PRESCRIPTION DRUG"],
                "route": [v.ROUTE_NAMES.get(route, "ORAL")],
                "substance_name": [substance],
            }
        return drug

    def _therapy_dates(self, drug: Record, day: int, floor: int) -> None:
        """Partial start (and sometimes end) dates, never before ``floor``."""
        r = self.random
        if r() >= 0.45:
            return
        start = max(day - int(r() * 730), floor)
        fmt = self.pick(v.DATE_FORMATS)
        drug["drugstartdateformat"] = fmt
        drug["drugstartdate"] = self.partial_date(start, fmt)
        if r() < 0.35:
            drug["drugenddateformat"] = fmt
            drug["drugenddate"] = self.partial_date(min(start + int(r() * 200), day), fmt)


def _put(record: Record, key: str, value: str | None) -> None:
    if value is not None:
        record[key] = value


_PRODUCTS = (v.KETAMINE, v.ESKETAMINE)  # indexed by Product


def _openfda_copy(block: dict[str, list[str]]) -> dict[str, list[str]]:
    """A fresh copy, so a consumer that edits one record never edits another."""
    return {key: list(values) for key, values in block.items()}


def _age_group(years: int) -> str:
    """patientagegroup: 2 infant, 3 child, 4 adolescent, 5 adult, 6 elderly."""
    if years < 2:
        return "2"
    if years < 12:
        return "3"
    if years < 18:
        return "4"
    return "5" if years < 65 else "6"
