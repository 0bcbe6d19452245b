"""The bundled SYNTHETIC sample written as FDA's quarterly ASCII zips, so the local FDA files
site and the local openFDA service describe the same cases.

Every record the openFDA stand-in serves (:func:`standins.sample.iter_sample_records`, same
seed, ``today`` and scale) lands in the quarter of its ``receivedate`` as one version
(:mod:`.sample_rows`). openFDA shows only a case's latest version, and so does each quarter
here: two versions of one case received in one quarter leave only the later (FAQ Q2).

Facts only the files have, drawn deterministically from the seed (all SYNTHETIC):

- a background of other drugs' cases in every quarter (the corpus's own other-drug reports,
  topped up to :data:`MIN_BACKGROUND` where a quarter has fewer, e.g. 2005Q2);
- about one case a quarter with an EARLIER version in the previous quarter (same caseid, lower
  caseversion or, in AERS, an earlier ISR of the same CASE; fewer reactions, no outcome, no
  weight), so version selection has something to supersede; 2012Q4's crosses the eras;
- from 2019Q1 a deleted-case list per quarter naming a few sample cases (a ketamine or
  esketamine one in most quarters) and ids that are in no file;
- now and then a probable duplicate: a second caseid with the same manufacturer number and
  sender, or with the same event date, age, sex, country, drugs and reactions.

The ids made up here never meet the corpus's: FAERS caseids from :data:`FILE_ONLY_CASEIDS`,
ISRs from :data:`FILE_ONLY_ISRS` (below the generator's), unknown deleted ids 7-digit between
the legacy CASE numbers and the FAERS caseids (9,100,000-9,899,999). Unconvertible records
(no safetyreportid, no patient object) are skipped and counted, as no file could carry them.
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import groupby
from pathlib import Path

from ketamine_faers.quarters import parse_quarter, quarter_bounds, quarter_of, quarters_between
from standins.faers_files.sample_rows import (
    CaseIds,
    RowMaker,
    Tables,
    caseid_of,
    check_digit,
    legacy_case_number,
)
from standins.faers_files.sample_zip import write_zip
from standins.faers_files.writer import TABLE_ORDER, era_of
from standins.sample import AWKWARD_RECORDS, SAMPLE_SEED, iter_sample_records, products_named
from standins.sample.plan import quarter_of_receivedate
from standins.sample.real_background import real_background_ids
from standins.sample.reports import Product, Record, ReportBuilder

MIN_BACKGROUND = 20
FILE_ONLY_CASEIDS = 80_000_000
FILE_ONLY_ISRS = 2_000_000
DELETED_FROM = "2019Q1"
DUPLICATE_EVERY = 5  # quarters


@dataclass(frozen=True)
class QuarterCounts:
    """What one quarter's zip holds, and what it could not take."""

    records: int  # records the openFDA stand-in serves for the quarter
    skipped: int  # unconvertible records (no id, no usable patient ...)
    merged: int  # older versions of a case received in the same quarter (left out)
    cases: int  # DEMO rows
    product_cases: int  # ketamine/esketamine cases among them (latest versions)
    background_added: int
    earlier_versions: int  # file-only earlier versions written into this quarter
    duplicates_added: int
    deleted_listed: int
    bytes: int = 0


@dataclass(frozen=True)
class SampleFiles:
    """What :func:`write_sample_zips` wrote. Caseids are the files' (legacy: CASE)."""

    zips: dict[str, Path]
    counts: dict[str, QuarterCounts]
    product_caseids: dict[str, frozenset[str]]  # per quarter, from the openFDA records
    deleted: dict[str, tuple[str, ...]]  # per quarter, the list as written
    versioned: dict[str, str]  # caseid -> quarter of its file-only earlier version
    duplicates: dict[str, tuple[str, str]]  # file-only caseid -> (original caseid, rule)
    file_only_product: dict[str, frozenset[str]]  # per quarter, product duplicates
    seconds: float

    @property
    def skipped(self) -> int:
        return sum(c.skipped for c in self.counts.values())

    @property
    def deleted_caseids(self) -> frozenset[str]:
        return frozenset(caseid for ids in self.deleted.values() for caseid in ids)

    @property
    def total_bytes(self) -> int:
        return sum(c.bytes for c in self.counts.values())


@dataclass
class _Quarter:
    """One quarter being assembled: its rows, and what the extras need to know."""

    quarter: str
    maker: RowMaker
    tables: Tables = field(default_factory=lambda: {table: [] for table in TABLE_ORDER})
    cases: list[tuple[CaseIds, Record, bool]] = field(default_factory=list)
    records: int = 0
    skipped: int = 0
    merged: int = 0
    background_added: int = 0
    earlier_versions: int = 0
    duplicates_added: int = 0
    deleted: tuple[str, ...] = ()

    def add(self, rows: Tables) -> None:
        for table, table_rows in rows.items():
            self.tables[table].extend(table_rows)


class _SampleWriter:
    """Carries what crosses quarters: file-only id counters, the deletable cases, results."""

    def __init__(self, folder: Path, seed: int, today: date) -> None:
        self.folder, self.seed, self.today = folder, seed, today
        self.next_caseid, self.next_isr = FILE_ONLY_CASEIDS, FILE_ONLY_ISRS
        self.protected = {caseid_of(rid) for rid in real_background_ids()}
        self.protected |= {caseid_of(a.safetyreportid) for a in AWKWARD_RECORDS if a.safetyreportid}
        self.deletable: dict[bool, list[str]] = {True: [], False: []}  # by names a product
        self.used_primaryids: set[str] = set()
        self.zips: dict[str, Path] = {}
        self.counts: dict[str, QuarterCounts] = {}
        self.product_caseids: dict[str, frozenset[str]] = {}
        self.deleted: dict[str, tuple[str, ...]] = {}
        self.versioned: dict[str, str] = {}
        self.duplicates: dict[str, tuple[str, str]] = {}
        self.file_only_product: dict[str, frozenset[str]] = {}
        self.originals: set[str] = set()
        self.writing: dict[str, Future[Path]] = {}

    def rng(self, what: str, quarter: str) -> random.Random:
        return random.Random(f"{self.seed}:faers-files:{what}:{quarter}")

    # --- one quarter -----------------------------------------------------------------
    def assemble(self, quarter: str, records: Iterable[Record]) -> _Quarter:
        """The quarter's latest version of each case (records in receive order)."""
        built = _Quarter(quarter, RowMaker(quarter))
        latest: dict[str, tuple[int, CaseIds, Record, bool]] = {}
        for record in records:
            built.records += 1
            ids = built.maker.ids(record)
            if ids is None or not isinstance(record.get("patient"), dict):
                built.skipped += 1
                continue
            rank = int(ids.caseversion or 0)
            if ids.caseid in latest:
                built.merged += 1
                if latest[ids.caseid][0] > rank:
                    continue
            latest[ids.caseid] = (rank, ids, record, bool(products_named(record)))
        for _, ids, record, product in latest.values():
            if ids.primaryid in self.used_primaryids:
                built.skipped += 1  # an ISR the generator handed out twice
                continue
            self.used_primaryids.add(ids.primaryid)
            built.cases.append((ids, record, product))
        self._top_up_background(built)
        for ids, record, _ in built.cases:
            built.add(built.maker.case(record, ids))
        return built

    def _top_up_background(self, built: _Quarter) -> None:
        missing = MIN_BACKGROUND - sum(not product for _, _, product in built.cases)
        first, last = quarter_bounds(built.quarter)
        last = min(last, self.today)
        if missing <= 0 or last < first:
            return
        rng = self.rng("background", built.quarter)
        builder = ReportBuilder(rng, self.today)
        span = (last - first).days + 1
        days = sorted(first.toordinal() + int(rng.random() * span) for _ in range(missing))
        for day in days:
            ids = self.new_ids(built.quarter, version="1")
            record = builder.build(Product.BACKGROUND, day, ids.image or ids.caseid)
            built.cases.append((ids, record, False))
            built.background_added += 1

    def new_ids(self, quarter: str, *, version: str, caseid: str | None = None) -> CaseIds:
        """Ids for a file-only version: a new case unless ``caseid`` is given."""
        if era_of(quarter) == "aers":
            self.next_isr += 1
            isr = str(self.next_isr)
            return CaseIds(
                isr, caseid or legacy_case_number(isr), None, f"{isr}-{check_digit(self.next_isr)}"
            )
        if caseid is None:
            self.next_caseid += 1
            caseid = str(self.next_caseid)
        return CaseIds(caseid + version, caseid, version)

    def earlier_version(self, built: _Quarter, previous: _Quarter) -> None:
        """Put an earlier version of one of ``built``'s cases into ``previous``."""
        rng = self.rng("versions", built.quarter)
        want_product = rng.random() < 0.6
        end = quarter_bounds(built.quarter)[1].strftime("%Y%m%d")
        start = quarter_bounds(built.quarter)[0].strftime("%Y%m%d")
        candidates = [
            (ids, record, product)
            for ids, record, product in built.cases
            if ids.caseid not in self.protected
            and ids.caseid not in self.duplicates
            and _supersedes(ids, record, previous.quarter, start, end)
        ]
        preferred = [c for c in candidates if c[2] == want_product] or candidates
        if not preferred:
            return
        ids, record, _ = preferred[int(rng.random() * len(preferred))]
        old = _older(record, previous.quarter, rng, self.today)
        if ids.caseversion is None or era_of(previous.quarter) == "aers":
            old_ids = self.new_ids(previous.quarter, version="", caseid=ids.caseid)
        else:
            old_version = str(int(ids.caseversion) - 1)
            old_ids = CaseIds(ids.caseid + old_version, ids.caseid, old_version)
        if old_ids.primaryid in self.used_primaryids:
            return
        self.used_primaryids.add(old_ids.primaryid)
        previous.add(previous.maker.case(old, old_ids))
        previous.earlier_versions += 1
        self.versioned[ids.caseid] = previous.quarter
        if ids.caseversion is None:  # the legacy later ISR is a follow-up
            for row in built.tables["demo"]:
                if row["primaryid"] == ids.primaryid:
                    row["i_f_cod"] = "F"

    def duplicate(self, built: _Quarter) -> None:
        """Every :data:`DUPLICATE_EVERY` quarters from 2004Q1, a second caseid for one case."""
        year, q = parse_quarter(built.quarter)
        index = (year - 2004) * 4 + q - 1
        if index % DUPLICATE_EVERY or not built.cases:
            return
        rng = self.rng("duplicates", built.quarter)
        free = [
            case
            for case in built.cases
            if case[0].caseid not in self.protected
            and case[0].caseid not in self.versioned
            and case[0].caseid not in self.duplicates
        ]
        by_number = (index // DUPLICATE_EVERY) % 2 == 0
        candidates = [case for case in free if (_has_number if by_number else _has_key)(case[1])]
        if not candidates:  # e.g. no event dates in AERS: the other rule
            by_number = not by_number
            candidates = [
                case for case in free if (_has_number if by_number else _has_key)(case[1])
            ]
        if not candidates:
            return
        ids, record, product = candidates[int(rng.random() * len(candidates))]
        copied = copy.deepcopy(record)
        if by_number:  # same number and sender; the second reporter lists one reaction less
            reactions = copied["patient"].get("reaction")
            if isinstance(reactions, list) and len(reactions) > 1:
                reactions.pop()
        else:  # another sender, another number, the same patient and event
            copied["companynumb"] = f"US-OTHERSENDER-SYNTHETIC-DUPLICATE-{ids.caseid}"
            copied["reportduplicate"] = {"duplicatesource": "OTHERSENDER"}
        new = self.new_ids(built.quarter, version="1")
        self.used_primaryids.add(new.primaryid)
        built.add(built.maker.case(copied, new))
        built.cases.append((new, copied, product))
        built.duplicates_added += 1
        rule = "manufacturer number" if by_number else "case key"
        self.duplicates[new.caseid] = (ids.caseid, rule)
        self.originals.add(ids.caseid)

    def deleted_list(self, built: _Quarter) -> None:
        """From :data:`DELETED_FROM`: a few cases of the sample and a few unknown ids."""
        for ids, _, product in built.cases:
            if ids.caseid not in self.protected and ids.caseid not in self.duplicates:
                self.deletable[product].append(ids.caseid)
        if parse_quarter(built.quarter) < parse_quarter(DELETED_FROM):
            return
        rng = self.rng("deleted", built.quarter)
        chosen: set[str] = set()
        for pool, count in (
            (self.deletable[True], int(rng.random() < 0.7)),
            (self.deletable[False], 2),
        ):
            while count and pool:
                caseid = pool.pop(int(rng.random() * len(pool)))
                if caseid not in self.versioned and caseid not in self.originals:
                    chosen.add(caseid)
                    count -= 1
        chosen |= {str(9_100_000 + int(rng.random() * 800_000)) for _ in range(3)}
        built.deleted = tuple(sorted(chosen))  # as text, as FDA sorts them

    # --- writing ---------------------------------------------------------------------
    def finish(self, built: _Quarter, pool: ThreadPoolExecutor) -> None:
        """Hand the quarter to ``pool`` to write (zlib compresses outside the GIL, so the
        next quarter is generated meanwhile) and record what it holds."""
        quarter = built.quarter
        self.writing[quarter] = pool.submit(
            write_zip, self.folder, quarter, built.tables, built.deleted
        )
        product = {ids.caseid for ids, _, p in built.cases if p}
        file_only = {c for c in product if c in self.duplicates}
        self.product_caseids[quarter] = frozenset(product - file_only)
        self.file_only_product[quarter] = frozenset(file_only)
        if built.deleted:
            self.deleted[quarter] = built.deleted
        self.counts[quarter] = QuarterCounts(
            records=built.records,
            skipped=built.skipped,
            merged=built.merged,
            cases=len(built.tables["demo"]),
            product_cases=len(product),
            background_added=built.background_added,
            earlier_versions=built.earlier_versions,
            duplicates_added=built.duplicates_added,
            deleted_listed=len(built.deleted),
        )

    def wait(self) -> None:
        """Wait for every zip; counts get their sizes."""
        for quarter, future in self.writing.items():
            path = future.result()
            self.zips[quarter] = path
            self.counts[quarter] = replace(self.counts[quarter], bytes=path.stat().st_size)


def _supersedes(ids: CaseIds, record: Record, previous: str, start: str, end: str) -> bool:
    """Whether an earlier version in ``previous`` would rank below this one in the case set:
    a FAERS version above 1 (or any FAERS version over an AERS one), or a legacy ISR whose
    fda_dt falls inside its own quarter (AERS has no caseversion; the date decides)."""
    if ids.caseversion is not None:
        return era_of(previous) == "aers" or int(ids.caseversion) >= 2
    receipt = record.get("receiptdate")
    return isinstance(receipt, str) and receipt.isdigit() and start <= receipt <= end


def _older(record: Record, quarter: str, rng: random.Random, today: date) -> Record:
    """An earlier version of ``record`` received in ``quarter``: fewer facts."""
    old = copy.deepcopy(record)
    first, last = quarter_bounds(quarter)
    last = min(last, today)
    day = date.fromordinal(first.toordinal() + int(rng.random() * ((last - first).days + 1)))
    old["receivedate"] = old["receiptdate"] = day.strftime("%Y%m%d")
    patient = old["patient"]
    reactions = patient.get("reaction")
    if isinstance(reactions, list) and len(reactions) > 1:
        patient["reaction"] = reactions[:-1]
    patient.pop("patientweight", None)
    for key in [key for key in old if key.startswith("seriousness")]:
        del old[key]
    return old


def _has_number(record: Record) -> bool:
    duplicate = record.get("reportduplicate")
    company = record.get("companynumb")
    return isinstance(company, str) and (isinstance(duplicate, dict) or "-SYNTHETIC-" in company)


def _has_key(record: Record) -> bool:
    """Event date, age, sex and country all given, and drugs and reactions (rule 2)."""
    patient = record["patient"]
    summary = patient.get("summary")
    return (
        isinstance(summary, dict)
        and patient.get("patientonsetageunit") == "801"
        and isinstance(patient.get("patientonsetage"), str)
        and patient.get("patientsex") in ("1", "2")
        and bool(record.get("occurcountry"))
        and bool(patient.get("reaction"))
        and bool(patient.get("drug"))
    )


def _quarters_of(
    records: Iterator[Record], first: str, last: str
) -> Iterator[tuple[str, list[Record]]]:
    """Every quarter from ``first`` to ``last`` with its records (none for a quarter without)."""
    grouped = groupby(records, key=lambda r: quarter_of_receivedate(r["receivedate"]))
    wanted = quarters_between(first, last)
    pending = set(wanted)
    position = 0
    for quarter, group in grouped:
        if parse_quarter(quarter) > parse_quarter(last):
            break
        if quarter not in pending:
            for _ in group:  # before ``first``: consumed, so ids stay as the service's
                pass
            continue
        while wanted[position] != quarter:
            yield wanted[position], []
            position += 1
        yield quarter, list(group)
        position += 1
    for quarter in wanted[position:]:
        yield quarter, []


def write_sample_zips(
    folder: Path,
    *,
    today: date,
    seed: int = SAMPLE_SEED,
    scale: float = 1.0,
    first: str = "2004Q1",
    last: str | None = None,
) -> SampleFiles:
    """Write one FDA-named zip per quarter from ``first`` to ``last`` (default: the quarter of
    ``today``) into ``folder``, from the same SYNTHETIC records the openFDA stand-in serves
    for (``seed``, ``today``, ``scale``). Same arguments, same bytes."""
    started = time.monotonic()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    last = last or quarter_of(today)
    writer = _SampleWriter(folder, seed, today)
    records = iter_sample_records(seed=seed, today=today, scale=scale)
    previous: _Quarter | None = None
    with ThreadPoolExecutor(max_workers=1) as pool:
        for quarter, quarter_records in _quarters_of(records, first, last):
            built = writer.assemble(quarter, quarter_records)
            if previous is not None:
                writer.earlier_version(built, previous)
                writer.finish(previous, pool)
            writer.duplicate(built)
            writer.deleted_list(built)
            previous = built
        if previous is not None:
            writer.finish(previous, pool)
        writer.wait()
    return SampleFiles(
        zips=writer.zips,
        counts=writer.counts,
        product_caseids=writer.product_caseids,
        deleted=writer.deleted,
        versioned=writer.versioned,
        duplicates=writer.duplicates,
        file_only_product=writer.file_only_product,
        seconds=round(time.monotonic() - started, 3),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m standins.faers_files.sample_files --out DIR [--today YYYY-MM-DD]``."""
    parser = argparse.ArgumentParser(
        prog="python -m standins.faers_files.sample_files",
        description="Write the SYNTHETIC sample as FDA quarterly ASCII zips.",
    )
    parser.add_argument("--out", type=Path, required=True, help="folder for the zips")
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    parser.add_argument("--seed", type=int, default=SAMPLE_SEED)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args(argv)
    files = write_sample_zips(args.out, today=args.today, seed=args.seed, scale=args.scale)
    print(
        f"SYNTHETIC sample: {len(files.zips)} quarterly zips in {args.out}, "
        f"{files.total_bytes / 2**20:.1f} MB, {files.skipped} unconvertible records skipped, "
        f"{files.seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
