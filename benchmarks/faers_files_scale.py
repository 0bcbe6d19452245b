"""Writes SYNTHETIC quarterly ASCII zips of FDA's FAERS files at FAERS's real size, or a
fraction of it, for benchmarking the files source (benchmarks/files_build.py).

    python -m benchmarks.faers_files_scale --fraction 0.01 --out DIR [--first 2004Q1]
        [--last 2026Q2] [--jobs 2] [--seed 17] [--plan-only]

Sizes. FDA publishes row counts only in per-table statistics PDFs; the notes
(docs/sources/faers-ascii-notes.md §1.3) give them for 2022Q4 (DEMO 483,643, DRUG 2,006,967,
REAC 1,617,584, INDI 1,321,489, THER 726,767, OUTC 334,611, RPSR 14,398) and the ASCII zip
size per period from FDA's page (7.1-8.2 MB in 2004 ... 60.1-69.1 MB in 2022-2024). So:

* DEMO rows (case versions) per quarter follow the zip size, interpolated linearly between
  the period bounds of that table (:data:`ZIP_MB`; 2012Q3 and 2021Q4 are FDA's short
  quarters; after 2024Q1, which the table ends with, the size is held at 65 MB), scaled so
  that the 90 quarters 2004Q1-2026Q2 hold 25 million at fraction 1 (2022Q4 then gets
  508,640 against FDA's 483,643);
* DRUG and REAC are 4.0 and 3.2 rows per DEMO row (100 and 80 million in all), INDI, THER,
  OUTC and RPSR keep their 2022Q4 ratio to DEMO (:data:`PER_DEMO`);
* the CLI prints the per-quarter table (``--plan-only``: only that), and ``rows.json`` in
  the output folder records what each zip holds, for benchmarks/files_build.py to check.

Content, chosen so that the project's reader and case set have real work (notes §3, §5):
legacy AERS quarters (2004Q1-2012Q3) carry ISR/CASE and a 10-digit drug_seq, FAERS
quarters caseid/caseversion with primaryid = caseid followed by the version; 27% of each
quarter's versions are follow-ups of a case first seen 1-12 quarters earlier, with a higher
caseversion (legacy: a later ISR of the same CASE), some of them legacy cases carried into
FAERS under the same number; from 2019Q1 a deleted-case list names about 350 earlier caseids
per quarter at full size; 0.8% of new cases are a probable duplicate of the case before them
(same event date, age, sex, country, drugs and reactions, another caseid). Drugs and terms
come from :mod:`benchmarks.faers_files_vocabulary` (a few thousand each), with ketamine and
esketamine (SPRAVATO from 2019Q1) on about 0.07% of drug rows. Values are printable ASCII
without ``$``, double quotes or line breaks (apostrophes, as in FDA's ``Crohn's disease``,
stay), so the reader must land every row and quarantine none.

Layouts, file names and zip names are the stand-in writer's (:mod:`standins.faers_files.writer`,
:mod:`standins.faers_files.names`): the per-era headers, legacy rows ending in ``$`` except
INDI's, the 2012Q4 spellings and BOM. Speed is the point (20 GB of text at fraction 1):
every row is made by DuckDB from ``range()`` and ``hash()`` of the seed (no Python per row),
written by ``COPY ... (DELIMITER '$', QUOTE '')`` to a temporary file and streamed into the
zip (deflate level 1, timestamps fixed by the quarter: same seed and fraction, same bytes),
one quarter per process (``--jobs``). A quarter's content depends only on the seed, the
fraction and the quarter, never on which other quarters are written.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import sys
import time
import zipfile
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from benchmarks.faers_files_vocabulary import (
    COUNTRIES,
    COUNTRY_LABELS,
    COUNTRY_WEIGHTS,
    DOSING_COLUMNS,
    KETAMINE_NAMES,
    LEGACY_DOSING_COLUMNS,
    UNKNOWN_INDICATION,
    Vocabulary,
    vocabulary,
)
from ketamine_faers.quarters import parse_quarter, quarters_between
from standins.faers_files.names import fda_zip_name
from standins.faers_files.writer import (
    BOM,
    TABLE_ORDER,
    Quirks,
    deleted_list_text,
    deleted_member_name,
    ends_with_delimiter,
    era_of,
    header_line,
    member_name,
    starts_with_bom,
    unified_columns,
)

FIRST, LAST = "2004Q1", "2026Q2"
ALL_QUARTERS: tuple[str, ...] = tuple(quarters_between(FIRST, LAST))
SEED = 17
FULL_DEMO = 25_000_000
# Rows per DEMO row: DRUG and REAC from the 100 and 80 million of the target, the others
# FDA's 2022Q4 ratio (notes §1.3).
FDA_2022Q4 = {
    "demo": 483_643,
    "drug": 2_006_967,
    "reac": 1_617_584,
    "indi": 1_321_489,
    "ther": 726_767,
    "outc": 334_611,
    "rpsr": 14_398,
}
PER_DEMO = {
    "drug": 100 / 25,
    "reac": 80 / 25,
    **{t: FDA_2022Q4[t] / FDA_2022Q4["demo"] for t in ("outc", "rpsr", "ther", "indi")},
}
# FDA's ASCII zip size (MB) at the bounds of the periods of notes §1.3; between them linear.
ZIP_MB: tuple[tuple[str, float], ...] = (
    ("2004Q1", 7.1),
    ("2004Q4", 8.2),
    ("2005Q1", 8.5),
    ("2008Q4", 13.0),
    ("2009Q1", 13.0),
    ("2012Q2", 26.0),
    ("2012Q3", 16.0),  # AERS closed on 27 August 2012
    ("2012Q4", 28.0),  # FAERS' first extract, with periodic reports from July/August
    ("2013Q1", 21.0),
    ("2014Q4", 30.0),
    ("2015Q1", 38.0),
    ("2017Q4", 48.0),
    ("2018Q1", 52.0),
    ("2021Q3", 71.0),
    ("2021Q4", 56.0),  # late and short; the rest came in 2022Q1 (FAQ Q51)
    ("2022Q1", 66.0),
    ("2022Q4", 69.0),
    ("2024Q1", 60.1),
)
LATER_MB = 65.0  # after 2024Q1, beyond FDA's page as the notes saw it
FOLLOW_UP_SHARE = 0.27
LAG_WEIGHTS = (30, 18, 12, 9, 7, 6, 5, 4, 3, 2, 2, 2)  # quarters back: 1, 2, ... 12
DUPLICATES_PER_MILLE = 8
KETAMINE_PER_100K = 70  # drug rows naming ketamine or esketamine
DELETED_FROM = "2019Q1"
DELETED_PER_DEMO = 350 / FDA_2022Q4["demo"]
CASE_BASE = 4_000_000  # first caseid of 2004Q1 (legacy CASE numbers were about that)
ISR_BASE = 4_200_000
LEGACY_DRUG_SEQ_BASE = 1_000_000_000
STEPS = (1_000_003, 1_000_033, 1_000_037)  # primes above any quarter's case count
PLAIN = Quirks()
TABLES = TABLE_ORDER


@dataclass(frozen=True)
class Lag:
    """Follow-ups of cases first seen ``lag`` quarters back: rows ``start`` to
    ``start + count`` of the follow-up block, the k-th taking that quarter's new case
    ``(step * k + offset) % source_cases`` (distinct, as ``step`` is a prime above it)."""

    lag: int
    start: int
    count: int
    source_first_caseid: int
    source_cases: int
    step: int
    offset: int


@dataclass(frozen=True)
class QuarterPlan:
    """What one quarter's zip holds: rows per table, new cases and follow-ups, where its ids
    start, and its deleted-case list."""

    quarter: str
    index: int
    rows: dict[str, int]
    new_cases: int
    first_caseid: int
    first_isr: int
    first_drug_seq: int
    lags: tuple[Lag, ...]
    deleted: tuple[str, ...] = ()

    @property
    def follow_ups(self) -> int:
        return sum(lag.count for lag in self.lags)

    @property
    def legacy(self) -> bool:
        return era_of(self.quarter) == "aers"


@dataclass(frozen=True)
class QuarterWritten:
    """One zip as written: its path, size, seconds, and the rows COPY wrote per table."""

    quarter: str
    path: Path
    bytes: int
    text_bytes: int
    seconds: float
    rows: dict[str, int]


@dataclass
class ScaledZips:
    """Every zip written by :func:`generate`, with the plan they follow."""

    fraction: float
    seed: int
    plans: dict[str, QuarterPlan]
    written: dict[str, QuarterWritten] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def zips(self) -> dict[str, Path]:
        return {quarter: result.path for quarter, result in sorted(self.written.items())}

    @property
    def total_bytes(self) -> int:
        return sum(result.bytes for result in self.written.values())


# --------------------------------------------------------------------------- the plan
def zip_mb(quarter: str) -> float:
    """FDA's zip size (MB) for ``quarter``, interpolated in :data:`ZIP_MB`."""
    position = ALL_QUARTERS.index(quarter)
    anchors = [(ALL_QUARTERS.index(q), mb) for q, mb in ZIP_MB]
    if position >= anchors[-1][0]:
        return anchors[-1][1] if position == anchors[-1][0] else LATER_MB
    for (left, low), (right, high) in zip(anchors, anchors[1:], strict=False):
        if left <= position <= right:
            return low + (high - low) * (position - left) / (right - left)
    raise ValueError(f"{quarter} is before {FIRST}")


def _shares(total: int, weights: Sequence[float]) -> list[int]:
    """``total`` split in proportion to ``weights``, largest remainders first (exact sum)."""
    raw = [total * w / sum(weights) for w in weights]
    parts = [math.floor(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: (parts[i] - raw[i], i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def plan_quarters(fraction: float, seed: int = SEED) -> dict[str, QuarterPlan]:
    """The plan of all 90 quarters at ``fraction`` of FAERS's size (1.0 = real size)."""
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1], not {fraction}")
    sizes = [zip_mb(q) for q in ALL_QUARTERS]
    demo = [max(1, n) for n in _shares(round(FULL_DEMO * fraction), sizes)]
    follow = [round(FOLLOW_UP_SHARE * n) for n in demo]
    before = round((1 - FOLLOW_UP_SHARE) * demo[0])  # new cases per quarter before 2004
    plans: dict[str, QuarterPlan] = {}
    new_cases: list[int] = []
    first_caseids: list[int] = []
    next_caseid, next_isr, next_drug_seq = CASE_BASE, ISR_BASE, LEGACY_DRUG_SEQ_BASE
    for index, quarter in enumerate(ALL_QUARTERS):
        rng = random.Random(f"{seed}-{quarter}")
        lags: list[Lag] = []
        start = 0
        for lag, wanted in enumerate(_shares(follow[index], LAG_WEIGHTS), start=1):
            source = index - lag
            if source >= 0:
                source_cases, source_first = new_cases[source], first_caseids[source]
            else:
                source_cases, source_first = before, CASE_BASE + source * before
            count = min(wanted, source_cases)
            if count:
                step = next(p for p in STEPS if source_cases % p)
                offset = rng.randrange(source_cases)
                lags.append(Lag(lag, start, count, source_first, source_cases, step, offset))
                start += count
        n_new = demo[index] - start
        rows = {"demo": demo[index]}
        rows |= {table: round(demo[index] * ratio) for table, ratio in PER_DEMO.items()}
        rows["drug"] = max(rows["drug"], demo[index])  # every report names a drug ...
        rows["reac"] = max(rows["reac"], demo[index])  # ... and a reaction
        deleted: tuple[str, ...] = ()
        if parse_quarter(quarter) >= parse_quarter(DELETED_FROM):
            wanted = max(1, round(demo[index] * DELETED_PER_DEMO))
            chosen: set[int] = set()
            while len(chosen) < wanted:
                source = index - 1 - min(int(rng.expovariate(1 / 12)), index - 1)
                if new_cases[source]:
                    chosen.add(first_caseids[source] + rng.randrange(new_cases[source]))
            deleted = tuple(sorted(str(caseid) for caseid in chosen))  # as text, as FDA
        plans[quarter] = QuarterPlan(
            quarter=quarter,
            index=index,
            rows=rows,
            new_cases=n_new,
            first_caseid=next_caseid,
            first_isr=next_isr,
            first_drug_seq=next_drug_seq,
            lags=tuple(lags),
            deleted=deleted,
        )
        new_cases.append(n_new)
        first_caseids.append(next_caseid)
        next_caseid += n_new
        if era_of(quarter) == "aers":
            next_isr += demo[index]
            next_drug_seq += rows["drug"]
    return plans


def plan_table(plans: Sequence[QuarterPlan]) -> str:
    """The plan as a fixed-width table, one line per quarter and a total."""
    columns = ["quarter", "zip_MB", *TABLES, "new", "follow", "deleted"]
    lines = [" ".join(f"{c:>11}" for c in columns)]
    totals = dict.fromkeys(columns[2:], 0)
    for plan in plans:
        values = {**plan.rows, "new": plan.new_cases, "follow": plan.follow_ups}
        values["deleted"] = len(plan.deleted)
        for key in totals:
            totals[key] += values[key]
        cells = [plan.quarter, f"{zip_mb(plan.quarter):.1f}"]
        lines.append(" ".join(f"{c:>11}" for c in cells + [f"{values[k]:,}" for k in totals]))
    lines.append(" ".join(f"{c:>11}" for c in ["total", ""] + [f"{v:,}" for v in totals.values()]))
    return "\n".join(lines)


# --------------------------------------------------------------------------- SQL
# The statements are composed here, not kept in sql/: their shape depends on the quarter's
# layout. Only the plan's integers, the layout's names and this module's code lists are
# spliced in (hence the S608 waivers); every other value is bound (table ``lists``).
def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _list(values: Sequence[str]) -> str:
    return "[" + ", ".join(_text(v) for v in values) + "]"


def _macros(seed: int) -> str:
    return f"""
CREATE OR REPLACE MACRO hx(a, b, c) AS (hash(a, b, c, {seed}) >> 1)::BIGINT;
CREATE OR REPLACE MACRO ux(h) AS (h >> 10)::DOUBLE / 9007199254740992.0;
CREATE OR REPLACE MACRO zipf(n, h) AS least(n - 1, floor(n * ux(h) * ux(h)))::BIGINT;
CREATE OR REPLACE MACRO qstart(qi) AS (DATE '2004-01-01' + to_months((3 * qi)::INTEGER))::DATE;
CREATE OR REPLACE MACRO day_in(qi, h) AS
    qstart(qi) + (h % date_diff('day', qstart(qi), qstart(qi + 1)))::INTEGER;
CREATE OR REPLACE MACRO ymd(d) AS strftime(d, '%Y%m%d');
CREATE OR REPLACE MACRO partial_date(d, digits, pad) AS CASE
    WHEN digits IS NULL THEN NULL
    WHEN digits = 8 THEN strftime(d, '%Y%m%d')
    WHEN digits = 6 THEN strftime(d, '%Y%m') || CASE WHEN pad THEN '01' ELSE '' END
    ELSE strftime(d, '%Y') || CASE WHEN pad THEN '0101' ELSE '' END
END;
CREATE OR REPLACE MACRO draw(h, n) AS least(n - 1, floor(n * ux(h)))::BIGINT;
"""


def ketamine_names(quarter: str) -> list[tuple[str, str]]:
    """(drugname, prod_ai) of ketamine and esketamine as reports of ``quarter`` name them
    (SPRAVATO from its approval, 2019)."""
    return [
        (name, ai)
        for name, ai, since in KETAMINE_NAMES
        if parse_quarter(quarter) >= parse_quarter(since)
    ]


def _vocabulary_lists(con: duckdb.DuckDBPyConnection, vocab: Vocabulary, quarter: str) -> None:
    """The lists as the one row of table ``lists``: ``drugname``, ``prod_ai``, ``nda_num``
    (ketamine's names for ``quarter`` after the others), ``terms``, ``indications``, the
    era's senders and dosing columns (``d_route`` ...), literature references and countries
    (``countries`` holds each code as often as its weight). Rows index them
    (``l.terms[1 + i]``): cheaper than a join, and the rows keep their order (FDA's files
    run by report). The values are bound, never spliced into SQL."""
    ketamine = ketamine_names(quarter)
    legacy = era_of(quarter) == "aers"
    columns = LEGACY_DOSING_COLUMNS if legacy else DOSING_COLUMNS
    dosing = vocab.legacy_dosing if legacy else vocab.dosing
    values: dict[str, list[str]] = {
        "drugname": [d.drugname for d in vocab.drugs] + [name for name, _ in ketamine],
        "prod_ai": [d.prod_ai for d in vocab.drugs] + [ai for _, ai in ketamine],
        "nda_num": [d.nda_num for d in vocab.drugs] + [""] * len(ketamine),
        "terms": list(vocab.terms),
        "indications": list(vocab.indications),
        "senders": list(vocab.legacy_senders if legacy else vocab.senders),
        "literature": list(vocab.literature),
        "countries": [code for code, weight in COUNTRY_WEIGHTS for _ in range(weight)],
        "country_codes": list(COUNTRIES),
        "country_names": list(COUNTRY_LABELS),
        **{f"d_{name}": [row[i] for row in dosing] for i, name in enumerate(columns)},
    }
    selected = ", ".join(f"${name}::VARCHAR[] AS {name}" for name in values)
    con.execute(f"CREATE OR REPLACE TEMP TABLE lists AS SELECT {selected}", values)


def _versions_sql(plan: QuarterPlan, vocab: Vocabulary) -> str:
    """One row per DEMO row (case version) of the quarter: ids, child-row counts (exact
    totals: integer weights, cumulated and floor-divided), the patient key the content is
    drawn from (a duplicate takes its partner's) and every DEMO column by its unified name."""
    qi, rows, legacy = plan.index, plan.rows, plan.legacy
    year, q = parse_quarter(plan.quarter)
    lag_rows = " UNION ALL ".join(
        f"SELECT {g.lag} AS lag, {g.start} AS start, {g.count} AS cnt, "
        f"{g.source_first_caseid} AS src_first, {g.source_cases} AS src_n, {g.step} AS step, "
        f"{g.offset} AS off"
        for g in plan.lags
    ) or (
        "SELECT 0 AS lag, 0 AS start, 0 AS cnt, 0 AS src_first, 1 AS src_n, 1 AS step, "
        "0 AS off WHERE false"
    )
    bases = {"drug": 1, "reac": 1, "indi": 0, "ther": 0, "outc": 0, "rpsr": 0}
    extra = {t: rows[t] - b * rows["demo"] for t, b in bases.items()}
    sums = ",\n        ".join(
        f"sum(w_{t}) OVER running AS s_{t}, sum(w_{t}) OVER () AS t_{t}" for t in bases
    )
    counts = ",\n        ".join(
        f"({b} + ({extra[t]} * s_{t}) // t_{t} - ({extra[t]} * (s_{t} - w_{t})) // t_{t})"
        f"::BIGINT AS n_{t}"
        for t, b in bases.items()
    )
    pad_events = legacy or (year, q) >= (2021, 4)
    hp = "'HP'" if year >= 2020 else "'OT'"
    if legacy:
        report_type = (
            "CASE WHEN hc % 1000 < 150 THEN 'DIR' WHEN hc % 1000 < 600 THEN 'EXP' ELSE 'PER' END"
        )
    else:
        combination = (
            "WHEN hc % 1000 < 990 THEN 'PER' WHEN hc % 1000 < 995 THEN '30DAY' ELSE '5DAY'"
            if (year, q) >= (2022, 4)
            else "ELSE 'PER'"
        )
        report_type = (
            f"CASE WHEN hc % 1000 < 40 THEN 'DIR' WHEN hc % 1000 < 510 THEN 'EXP' {combination} END"
        )
    n_senders = len(vocab.legacy_senders if legacy else vocab.senders)
    n_countries = sum(weight for _, weight in COUNTRY_WEIGHTS)
    mfr_prefix = (
        "left(replace(sender, ' ', ''), 8) || '-'" if legacy else "country || '-' || sender || '-'"
    )
    primaryid = (
        f"({plan.first_isr} + r)::VARCHAR" if legacy else "caseid::VARCHAR || version::VARCHAR"
    )
    return f"""
CREATE OR REPLACE TEMP TABLE versions AS
WITH
lags AS ({lag_rows}),
base AS (
    SELECT r, {plan.first_caseid} + r AS caseid, {qi} AS q0 FROM range({plan.new_cases}) t(r)
    UNION ALL
    SELECT {plan.new_cases} + start + k, src_first + (step * k + off) % src_n, {qi} - lag
    FROM lags, range(cnt) t(k)
),
flagged AS (
    SELECT
        *,
        q0 = {qi} AS is_new,
        q0 = {qi} AND r > 0 AND hx(caseid, 1, 0) % 1000 < {DUPLICATES_PER_MILLE}
            AND hx(caseid - 1, 1, 0) % 1000 >= {DUPLICATES_PER_MILLE} AS is_dup,
        1 + (-ln(1 - ux(hx(caseid, 2, {qi}))) * 100)::BIGINT AS w_drug,
        1 + (-ln(1 - ux(hx(caseid, 3, {qi}))) * 100)::BIGINT AS w_reac,
        greatest((-ln(1 - ux(hx(caseid, 4, {qi}))) * 100)::BIGINT, (r = 0)::BIGINT) AS w_indi,
        greatest((-ln(1 - ux(hx(caseid, 5, {qi}))) * 100)::BIGINT, (r = 0)::BIGINT) AS w_ther,
        CASE WHEN r = 0 OR hx(caseid, 6, {qi}) % 100 < 55
            THEN 20 + hx(caseid, 7, {qi}) % 200 ELSE 0 END AS w_outc,
        CASE WHEN r = 0 OR hx(caseid, 8, {qi}) % 1000 < 30 THEN 1 ELSE 0 END AS w_rpsr
    FROM base
),
cumulated AS (
    SELECT
        *,
        {sums}
    FROM flagged
    WINDOW running AS (ORDER BY r ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
counted AS (
    SELECT
        *,
        {counts},
        (r + ({extra["drug"]} * (s_drug - w_drug)) // t_drug)::BIGINT AS drug_off
    FROM cumulated
),
paired AS (
    SELECT
        *,
        CASE WHEN is_dup THEN least(n_drug, lag(n_drug) OVER o)
            WHEN lead(is_dup) OVER o THEN least(n_drug, lead(n_drug) OVER o)
            ELSE n_drug END AS m_drug,
        CASE WHEN is_dup THEN least(n_reac, lag(n_reac) OVER o)
            WHEN lead(is_dup) OVER o THEN least(n_reac, lead(n_reac) OVER o)
            ELSE n_reac END AS m_reac
    FROM counted
    WINDOW o AS (ORDER BY r)
),
keyed AS (
    SELECT
        r, caseid, q0, is_new, is_dup, drug_off, m_drug, m_reac,
        n_drug, n_reac, n_indi, n_ther, n_outc, n_rpsr,
        caseid - is_dup::BIGINT AS ck,
        CASE WHEN is_new THEN 1 ELSE 1 + ({qi} - q0) + hx(caseid, 9, 0) % 3
            + CASE WHEN hx(caseid, 10, 0) % 50 = 0 THEN 25 ELSE 0 END END AS version,
        day_in({qi}, hx(caseid, 11, {qi})) AS fda_day,
        day_in(q0, hx(caseid, 11, q0)) AS init_day,
        day_in(q0, hx(caseid - is_dup::BIGINT, 11, q0))
            - (hx(caseid - is_dup::BIGINT, 14, 0) % 730)::INTEGER AS event_day,
        hx(caseid, 12, 0) AS hc,
        hx(caseid - is_dup::BIGINT, 13, 0) AS hp,
        hx(caseid - is_dup::BIGINT, 15, 0) AS ha,
        hx(caseid, 16, {qi}) AS hv
    FROM paired
),
described AS (
    SELECT
        keyed.*,
        {report_type} AS rept_cod,
        l.countries[1 + hp % {n_countries}] AS country,
        l.senders[1 + zipf({n_senders}, hc)] AS sender,
        l.literature[1 + hc % {len(vocab.literature)}] AS literature,
        l.country_names,
        l.country_codes,
        CASE WHEN hp % 1000 < 350 THEN NULL WHEN hp % 1000 < 800 THEN 8
            WHEN hp % 1000 < 900 THEN 6 ELSE 4 END AS event_digits,
        CASE WHEN ha % 1000 < 300 THEN NULL WHEN ha % 1000 < 880 THEN 'YR'
            WHEN ha % 1000 < 920 THEN 'MON' WHEN ha % 1000 < 950 THEN 'DY'
            WHEN ha % 1000 < 970 THEN 'DEC' WHEN ha % 1000 < 990 THEN 'WK' ELSE 'HR' END AS age_cod,
        (ha // 1000) % 100000 AS age_draw
    FROM keyed, lists l
)
SELECT
    r, caseid AS case_number, q0, is_new, drug_off, m_drug, m_reac, ck,
    n_drug, n_reac, n_indi, n_ther, n_outc, n_rpsr, fda_day, init_day,
    {primaryid} AS primaryid,
    caseid::VARCHAR AS caseid,
    {"NULL" if legacy else "version::VARCHAR"} AS caseversion,
    CASE WHEN is_new THEN 'I' ELSE 'F' END AS i_f_cod,
    CASE WHEN NOT is_new AND hv % 10 < 4 THEN (1 + hv // 10 % 5)::VARCHAR END AS foll_seq,
    ({plan.first_isr} + r)::VARCHAR || '-' || (({plan.first_isr} + r) % 10)::VARCHAR AS image,
    partial_date(event_day, event_digits, {str(pad_events).lower()}) AS event_dt,
    CASE WHEN rept_cod <> 'DIR' THEN ymd(fda_day - (hv // 100 % 45)::INTEGER) END AS mfr_dt,
    ymd(init_day) AS init_fda_dt,
    ymd(fda_day) AS fda_dt,
    rept_cod,
    CASE WHEN hc // 1000 % 100 < 3
        THEN country || '-AUTH-' || (100000 + hc // 100000 % 900000)::VARCHAR END AS auth_num,
    CASE WHEN rept_cod <> 'DIR' THEN {mfr_prefix} || strftime(init_day, '%Y') || caseid::VARCHAR
        END AS mfr_num,
    CASE WHEN rept_cod <> 'DIR' THEN sender {"" if legacy else "ELSE 'FDA-CTU'"} END AS mfr_sndr,
    CASE WHEN hc // 10000 % 1000 < 15
        THEN literature END AS lit_ref,
    CASE age_cod
        WHEN 'YR' THEN (1 + age_draw % 89)::VARCHAR
        WHEN 'MON' THEN (1 + age_draw % 23)::VARCHAR
        WHEN 'DY' THEN CASE WHEN age_draw % 4 = 0 THEN (7000 + age_draw % 25000)::VARCHAR
            ELSE (1 + age_draw % 700)::VARCHAR END
        WHEN 'DEC' THEN (1 + age_draw % 9)::VARCHAR
        WHEN 'WK' THEN (1 + age_draw % 52)::VARCHAR
        WHEN 'HR' THEN (1 + age_draw % 48)::VARCHAR
    END AS age,
    age_cod,
    CASE WHEN age_cod = 'YR' AND hp // 1000 % 4 = 0 THEN CASE
        WHEN 1 + age_draw % 89 < 12 THEN 'C' WHEN 1 + age_draw % 89 < 18 THEN 'T'
        WHEN 1 + age_draw % 89 < 65 THEN 'A' ELSE 'E' END END AS age_grp,
    CASE WHEN hp // 10000 % 100 < 55 THEN 'F' WHEN hp // 10000 % 100 < 92 THEN 'M'
        WHEN hp // 10000 % 100 < 94 THEN 'UNK' END AS sex,
    {"CASE WHEN hc % 10 < 3 THEN 'Y' ELSE 'N' END" if legacy else "'Y'"} AS e_sub,
    CASE WHEN hp // 1000000 % 100 < 22 THEN (40 + hp // 100000000 % 80)::VARCHAR
        WHEN hp // 1000000 % 100 < 25 THEN (90 + hp // 100000000 % 200)::VARCHAR END AS wt,
    CASE WHEN hp // 1000000 % 100 < 22 THEN 'KG'
        WHEN hp // 1000000 % 100 < 25 THEN 'LBS' END AS wt_cod,
    ymd(fda_day - ({"hv // 1000 % 5" if legacy else "0"})::INTEGER) AS rept_dt,
    CASE WHEN rept_cod = 'DIR' AND hv % 3 = 0 THEN 'N' END AS to_mfr,
    ['MD', 'MD', 'MD', 'PH', {hp}, {hp}, 'LW', 'CN', 'CN', 'CN', 'CN'][1 + hc // 1000000 % 11]
        AS occp_cod,
    {
        "country_names[list_position(country_codes, country)]"
        if legacy
        else "CASE WHEN hp // 10000000 % 100 < 2 THEN 'COUNTRY NOT SPECIFIED' ELSE country END"
    } AS reporter_country,
    CASE WHEN hp // 100000000 % 10 > 0 THEN country END AS occr_country,
    NULL AS death_dt,
    CASE WHEN hv % 10 < 6 THEN 'N' WHEN hv % 10 < 7 THEN 'Y' END AS confid
FROM described
ORDER BY r
"""  # noqa: S608


def _child_sql(table: str, plan: QuarterPlan, vocab: Vocabulary) -> str:
    """The SELECT of one child table's rows, FDA's columns in the layout's order: ``k``
    counts a version's rows; a drug, reaction or indication is drawn from the patient key
    (``ck``) and the row's place among the first ``m`` (a duplicate pair's shared count),
    everything else from the version."""
    legacy, qi = plan.legacy, plan.index
    columns = unified_columns(table, plan.quarter)
    drug_seq = f"({plan.first_drug_seq} + drug_off + j)::VARCHAR" if legacy else "(j + 1)::VARCHAR"
    keys = {"primaryid": "primaryid", "caseid": "caseid", "drug_seq": drug_seq}
    upper = "upper" if legacy else ""
    # unnest keeps the versions' order (a lateral range() join does not): rows run by report
    rows = f"FROM (SELECT *, unnest(range(n_{table})) AS k FROM versions) v"  # noqa: S608
    if table == "drug":
        ketamine_from, ketamine = len(vocab.drugs), len(ketamine_names(plan.quarter))
        n_dosing = len(vocab.legacy_dosing if legacy else vocab.dosing)
        source = f"""
            SELECT v.primaryid, v.caseid, v.drug_off, k AS j, k, ha,
                1 + CASE WHEN hd % 100000 < {KETAMINE_PER_100K}
                    THEN {ketamine_from} + (hd // 100000) % {ketamine}
                    ELSE zipf({ketamine_from}, hd) END AS i,
                1 + ha // 1000 % {n_dosing} AS s
            FROM (
                SELECT *, hx(ck, k % m_drug, 30) AS hd, hx(case_number, k, 31 + {qi}) AS ha
                {rows}
            ) v"""  # noqa: S608
        dosing = LEGACY_DOSING_COLUMNS if legacy else DOSING_COLUMNS
        values = {
            "role_cod": "CASE WHEN k = 0 THEN 'PS' WHEN ha % 1000 < 270 THEN 'SS' "
            "WHEN ha % 1000 < 985 THEN 'C' ELSE 'I' END",
            "drugname": f"{upper}(l.drugname[i])",
            "prod_ai": "l.prod_ai[i]",
            "nda_num": "ltrim(l.nda_num[i], '0')" if legacy else "l.nda_num[i]",
            **{column: f"l.d_{column}[s]" for column in dosing},
        }
    elif table == "reac":
        source = f"""
            SELECT v.primaryid, v.caseid, 1 + zipf({len(vocab.terms)}, hx(v.ck, k % v.m_reac, 40))
                AS i, hx(v.case_number, k, 41) AS ha
            {rows}"""
        values = {
            "pt": f"{upper}(l.terms[i])",
            "drug_rec_act": "CASE WHEN ha % 1000 < 15 THEN l.terms[i] END",
        }
    elif table in ("outc", "rpsr"):
        codes: tuple[str, ...]
        if table == "outc":
            codes = ("OT", "HO", "DE", "LT", "DS", "RI", "CA")
            first = "[1,1,1,1,1,2,2,2,3,4,5,6][1 + ha % 12] - 1"  # mostly OT and HO, no CA
        else:
            codes = ("SDY", "LIT", "HP", "CSM", "FGN", "UF", "CR", "DT", "OTH")
            first = "[1,1,1,2,2,3,3,4,4,5,6,7,8,9][1 + ha % 14] - 1"
        source = f"""
            SELECT v.primaryid, v.caseid, k, hx(v.case_number, 50, {qi}) AS ha
            {rows}"""
        # one version's codes are distinct: consecutive codes from a drawn first one
        values = {f"{table}_cod": f"{_list(codes)}[1 + ({first} + k) % {len(codes)}]"}
    elif table == "ther":
        source = f"""
            SELECT v.primaryid, v.caseid, v.drug_off, k % v.n_drug AS j, v.init_day,
                v.fda_day, hx(v.case_number, k, 60 + {qi}) AS ha
            {rows}"""
        start = "init_day - (ha % 1500)::INTEGER"
        digits = (
            "CASE WHEN ha // 10000 % 100 < 95 THEN 8 END"
            if legacy
            else "CASE WHEN ha // 10000 % 100 < 70 THEN 8 WHEN ha // 10000 % 100 < 85 THEN 6 "
            "WHEN ha // 10000 % 100 < 95 THEN 4 END"
        )
        values = {
            "start_dt": f"partial_date({start}, {digits}, false)",
            "end_dt": f"CASE WHEN ha // 1000000 % 100 < 45 THEN partial_date(least(fda_day, "
            f"{start} + (ha // 100000000 % 400)::INTEGER), {digits}, false) END",
            "dur": "CASE WHEN ha // 10000000000 % 100 < 20 "
            "THEN (1 + ha // 1000000000000 % 90)::VARCHAR END",
            "dur_cod": "CASE WHEN ha // 10000000000 % 100 < 20 "
            "THEN ['DAY', 'DAY', 'DAY', 'WK', 'MON', 'YR', 'HR'][1 + ha % 7] END",
        }
    elif table == "indi":
        unknown = UNKNOWN_INDICATION.upper() if legacy else UNKNOWN_INDICATION
        source = f"""
            SELECT v.primaryid, v.caseid, v.drug_off, k % v.n_drug AS j, h,
                1 + zipf({len(vocab.indications)}, h) AS i
            FROM (SELECT *, hx(ck, k, 70) AS h {rows}) v"""  # noqa: S608
        values = {
            "indi_pt": f"CASE WHEN h % 100 < 25 THEN {_text(unknown)} "
            f"ELSE {upper}(l.indications[i]) END"
        }
    else:
        raise ValueError(f"not a child table: {table!r}")
    selected = [{**keys, **values}[column] for column in columns]
    if ends_with_delimiter(table, plan.quarter):
        selected.append("NULL")  # the legacy rows' trailing '$'
    return f"SELECT {', '.join(selected)} FROM ({source}\n) d, lists l"  # noqa: S608


def _demo_sql(plan: QuarterPlan) -> str:
    selected = list(unified_columns("demo", plan.quarter))
    if ends_with_delimiter("demo", plan.quarter):
        selected.append("NULL")
    return f"SELECT {', '.join(selected)} FROM versions"  # noqa: S608


# --------------------------------------------------------------------------- writing
def write_quarter(
    plan: QuarterPlan, folder: Path, *, seed: int = SEED, threads: int = 1
) -> QuarterWritten:
    """Write ``plan``'s zip into ``folder`` under FDA's link name and return what was
    written. The text files are made in a temporary folder beside it and removed."""
    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    scratch = folder / f".generating-{plan.quarter}"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    vocab = vocabulary(seed)
    counts: dict[str, int] = {}
    bodies: dict[str, Path] = {}
    try:
        con = duckdb.connect(config={"threads": threads, "temp_directory": str(scratch)})
        try:
            con.execute(_macros(seed))
            _vocabulary_lists(con, vocab, plan.quarter)
            con.execute(_versions_sql(plan, vocab))
            for table in TABLES:
                query = _demo_sql(plan) if table == "demo" else _child_sql(table, plan, vocab)
                bodies[table] = scratch / f"{table}.txt"
                ((written,),) = con.execute(
                    f"COPY ({query}) TO '{bodies[table]}' "
                    "(FORMAT csv, DELIMITER '$', HEADER false, QUOTE '', ESCAPE '')"
                ).fetchall()
                counts[table] = int(written)
        finally:
            con.close()
        if counts != plan.rows:
            raise AssertionError(f"{plan.quarter}: wrote {counts}, planned {plan.rows}")
        text_bytes = sum(path.stat().st_size for path in bodies.values())
        path = _zip(folder, plan, bodies)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return QuarterWritten(
        quarter=plan.quarter,
        path=path,
        bytes=path.stat().st_size,
        text_bytes=text_bytes,
        seconds=round(time.perf_counter() - started, 3),
        rows=counts,
    )


def _zip(folder: Path, plan: QuarterPlan, bodies: dict[str, Path]) -> Path:
    """The zip of one quarter: each table's header (and 2012Q4 DRUG's BOM) then its body,
    streamed; the deleted list; fixed timestamps; deflate level 1; renamed into place."""
    year, q = parse_quarter(plan.quarter)
    stamp = (year, q * 3, 28, 0, 0, 0)
    path = folder / fda_zip_name(plan.quarter)
    partial = path.with_name(path.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:

        def member(name: str) -> zipfile.ZipInfo:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info._compresslevel = 1  # type: ignore[attr-defined]  # open() takes it from here
            info.external_attr = 0o644 << 16
            return info

        for table in TABLES:
            info = member(member_name(table, plan.quarter, PLAIN))
            big = bodies[table].stat().st_size > 2**31 - 2**20
            with archive.open(info, "w", force_zip64=big) as out:
                if starts_with_bom(table, plan.quarter):
                    out.write(BOM)
                out.write((header_line(table, plan.quarter) + "\n").encode("ascii"))
                with bodies[table].open("rb") as body:
                    shutil.copyfileobj(body, out, 4 * 1024 * 1024)
        if plan.deleted:
            text = deleted_list_text(plan.deleted).encode("ascii")
            archive.writestr(member(deleted_member_name(plan.quarter)), text)
    os.replace(partial, path)
    return path


def _worker(plan: QuarterPlan, folder: str, seed: int, threads: int) -> QuarterWritten:
    return write_quarter(plan, Path(folder), seed=seed, threads=threads)


def generate(
    folder: Path,
    fraction: float,
    *,
    quarters: Sequence[str] = ALL_QUARTERS,
    seed: int = SEED,
    jobs: int = 2,
    on_quarter: Callable[[QuarterWritten], None] | None = None,
) -> ScaledZips:
    """Write the zips of ``quarters`` at ``fraction`` into ``folder``, ``jobs`` quarters at a
    time (each in its own process, with ``cpu_count // jobs`` DuckDB threads), largest
    first; returns the plan and what was written."""
    unknown = sorted(set(quarters) - set(ALL_QUARTERS))
    if unknown:
        raise ValueError(f"quarters outside {FIRST}..{LAST}: {unknown}")
    plans = plan_quarters(fraction, seed)
    wanted = sorted({q: plans[q] for q in quarters}.values(), key=lambda p: -p.rows["demo"])
    result = ScaledZips(fraction, seed, {p.quarter: p for p in wanted})
    started = time.perf_counter()
    threads = max(1, (os.cpu_count() or 2) // max(1, jobs))
    if jobs <= 1:
        for plan in wanted:
            written = write_quarter(plan, folder, seed=seed, threads=threads)
            result.written[plan.quarter] = written
            if on_quarter is not None:
                on_quarter(written)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(_worker, p, str(folder), seed, threads) for p in wanted]
            for future in as_completed(futures):
                written = future.result()
                result.written[written.quarter] = written
                if on_quarter is not None:
                    on_quarter(written)
    result.seconds = round(time.perf_counter() - started, 3)
    write_rows_file(folder, result)
    return result


ROWS_FILE = "rows.json"


def write_rows_file(folder: Path, result: ScaledZips) -> Path:
    """Record in ``folder/rows.json`` what each zip holds (rows per table, deleted ids) and
    how it was written, so a benchmark can check that every row landed. Quarters written
    earlier at the same fraction and seed are kept; another fraction or seed starts anew."""
    path = folder / ROWS_FILE
    try:
        known = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    same = known.get("fraction") == result.fraction and known.get("seed") == result.seed
    quarters = dict(known.get("quarters", {})) if same else {}
    for quarter, written in result.written.items():
        plan = result.plans[quarter]
        quarters[quarter] = {
            "zip": written.path.name,
            "rows": written.rows,
            "deleted": len(plan.deleted),
            "bytes": written.bytes,
            "text_bytes": written.text_bytes,
            "seconds": written.seconds,
        }
    record = {
        "fraction": result.fraction,
        "seed": result.seed,
        "quarters": dict(sorted(quarters.items())),
    }
    path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return path


def write_scaled_zips(
    folder: Path,
    fraction: float,
    *,
    quarters: Sequence[str] = ALL_QUARTERS,
    seed: int = SEED,
    jobs: int = 2,
) -> dict[str, Path]:
    """quarter -> zip written into ``folder`` at ``fraction`` of FAERS's real size."""
    return generate(folder, fraction, quarters=quarters, seed=seed, jobs=jobs).zips


# --------------------------------------------------------------------------- command line
def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.faers_files_scale", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--fraction", type=float, default=0.01)
    parser.add_argument("--out", type=Path, help="folder for the zips")
    parser.add_argument("--first", default=FIRST)
    parser.add_argument("--last", default=LAST)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--plan-only", action="store_true", help="print the counts only")
    args = parser.parse_args(argv)
    quarters = quarters_between(args.first.upper(), args.last.upper())
    plans = plan_quarters(args.fraction, args.seed)
    print(f"FAERS files at fraction {args.fraction} (seed {args.seed}):")
    print(plan_table([plans[q] for q in quarters]))
    if args.plan_only:
        return 0
    if args.out is None:
        parser.error("--out is required unless --plan-only")

    def report(written: QuarterWritten) -> None:
        print(
            f"{written.quarter}: {written.path.name} {written.bytes:,} bytes "
            f"({written.text_bytes:,} of text) in {written.seconds:.1f} s",
            flush=True,
        )

    result = generate(
        args.out,
        args.fraction,
        quarters=quarters,
        seed=args.seed,
        jobs=args.jobs,
        on_quarter=report,
    )
    text = sum(w.text_bytes for w in result.written.values())
    print(
        f"{len(result.written)} zips, {result.total_bytes:,} bytes ({text:,} of text) in "
        f"{result.seconds:.1f} s with {args.jobs} job(s) into {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
