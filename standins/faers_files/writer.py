"""Writes a quarterly zip in FDA's ASCII layout of a quarter's era, from rows keyed by the
landing contract's unified column names, with each known quirk injectable.

The layouts and spellings follow docs/sources/faers-ascii-notes.md §2-§4: legacy AERS
(2004Q1-2012Q3: upper-case headers with ISR/CASE, ``ascii/DEMO04Q1.TXT``, rows ending in
``$`` except INDI's, DEMO without REPORTER_COUNTRY before 2005Q3), FAERS 2012Q4-2014Q2
(``gndr_cod``, no prod_ai or drug_rec_act; 2012Q4 itself with lower-case file names,
``lot_nbr``, ``outc_code``, `` rept_dt`` and a BOM on DRUG) and FAERS from 2014Q3. It is a
stand-in for FDA, so it knows nothing of the reader: its tables are its own.

Values are written as given, so a value holding ``$`` is an embedded delimiter, one holding
``\\n`` a broken record, one holding ``\\x7f`` a stray byte; ``None`` is an empty field.
"""

from __future__ import annotations

import zipfile
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ketamine_faers.quarters import parse_quarter

Row = Mapping[str, str | None]

_LEGACY_DEMO = (
    "isr case i_f_cod foll_seq image event_dt mfr_dt fda_dt rept_cod mfr_num mfr_sndr age "
    "age_cod gndr_cod e_sub wt wt_cod rept_dt occp_cod death_dt to_mfr confid"
).split()
_LEGACY = {
    "drug": "isr drug_seq role_cod drugname val_vbm route dose_vbm dechal rechal lot_num exp_dt "
    "nda_num".split(),
    "reac": ["isr", "pt"],
    "outc": ["isr", "outc_cod"],
    "rpsr": ["isr", "rpsr_cod"],
    "ther": "isr drug_seq start_dt end_dt dur dur_cod".split(),
    "indi": ["isr", "drug_seq", "indi_pt"],
}
_FAERS_B = {
    "demo": "primaryid caseid caseversion i_f_code event_dt mfr_dt init_fda_dt fda_dt rept_cod "
    "auth_num mfr_num mfr_sndr lit_ref age age_cod age_grp sex e_sub wt wt_cod rept_dt to_mfr "
    "occp_cod reporter_country occr_country".split(),
    "drug": "primaryid caseid drug_seq role_cod drugname prod_ai val_vbm route dose_vbm "
    "cum_dose_chr cum_dose_unit dechal rechal lot_num exp_dt nda_num dose_amt dose_unit "
    "dose_form dose_freq".split(),
    "reac": ["primaryid", "caseid", "pt", "drug_rec_act"],
    "outc": ["primaryid", "caseid", "outc_cod"],
    "rpsr": ["primaryid", "caseid", "rpsr_cod"],
    "ther": "primaryid caseid dsg_drug_seq start_dt end_dt dur dur_cod".split(),
    "indi": ["primaryid", "caseid", "indi_drug_seq", "indi_pt"],
}
# FDA's header name -> the unified name the rows are keyed by.
_UNIFIED = {
    "isr": "primaryid",
    "case": "caseid",
    "i_f_code": "i_f_cod",
    "gndr_cod": "sex",
    "lot_nbr": "lot_num",
    "outc_code": "outc_cod",
    "dsg_drug_seq": "drug_seq",
    "indi_drug_seq": "drug_seq",
    " rept_dt": "rept_dt",
}
TABLE_ORDER = ("demo", "drug", "reac", "outc", "rpsr", "ther", "indi")
BOM = b"\xef\xbb\xbf"


def _before(quarter: str, other: str) -> bool:
    return parse_quarter(quarter) < parse_quarter(other)


def era_of(quarter: str) -> str:
    return "aers" if _before(quarter, "2012Q4") else "faers"


def layout(table: str, quarter: str) -> list[str]:
    """FDA's header names, in file order, for ``table`` in ``quarter`` (lower case)."""
    if era_of(quarter) == "aers":
        if table == "demo":
            return _LEGACY_DEMO + ([] if _before(quarter, "2005Q3") else ["reporter_country"])
        return list(_LEGACY[table])
    names = list(_FAERS_B[table])
    if _before(quarter, "2014Q3"):
        dropped = {"auth_num", "lit_ref", "age_grp", "prod_ai", "drug_rec_act"}
        names = ["gndr_cod" if n == "sex" else n for n in names if n not in dropped]
    if quarter == "2012Q4":
        spelled = {"lot_num": "lot_nbr", "outc_cod": "outc_code", "rept_dt": " rept_dt"}
        names = [spelled.get(n, n) for n in names]
    return names


def unified_columns(table: str, quarter: str) -> list[str]:
    """The landing contract's name of each column of :func:`layout`, in file order (``isr``
    -> ``primaryid``, ``gndr_cod`` -> ``sex`` ...): the keys rows are given by."""
    return [_UNIFIED.get(name, name) for name in layout(table, quarter)]


def ends_with_delimiter(table: str, quarter: str) -> bool:
    """Legacy rows end in an extra ``$`` (an empty last field), except INDI's (notes §7.1)."""
    return era_of(quarter) == "aers" and table != "indi"


def header_line(table: str, quarter: str, quirks: Quirks | None = None) -> str:
    """The header line FDA writes for ``table`` in ``quarter`` (no line ending): the layout's
    names joined by ``$``, upper case in legacy files unless ``quirks`` say otherwise."""
    quirks = quirks or Quirks()
    upper = quirks.upper_header if quirks.upper_header is not None else era_of(quarter) == "aers"
    return "$".join(name.upper() if upper else name for name in layout(table, quarter))


def deleted_member_name(quarter: str) -> str:
    """Where FDA's zip of ``quarter`` holds its deleted-case list: ``Deleted/DELETE22Q4.txt``."""
    year, q = parse_quarter(quarter)
    return f"Deleted/DELETE{year % 100:02d}Q{q}.txt"


def deleted_list_text(caseids: Sequence[str], first_line: str | None = " ", end: str = "\n") -> str:
    """A deleted-case list as FDA writes it: the lone-space first line, then one caseid a
    line, each ended by ``end`` (FDA: LF, final one included; notes §2.2), in the order given."""
    lines = ([first_line] if first_line is not None else []) + list(caseids)
    return "".join(line + end for line in lines)


def zip_name(quarter: str, *, upper_q: bool | None = None) -> str:
    """``aers_ascii_2004q1.zip`` / ``faers_ascii_2022Q4.zip``: FDA's link names, whose ``q``
    letter case varies (upper from 2019Q1 by default here)."""
    year, q = parse_quarter(quarter)
    upper = upper_q if upper_q is not None else not _before(quarter, "2019Q1")
    return f"{era_of(quarter)}_ascii_{year}{'Q' if upper else 'q'}{q}.zip"


@dataclass(frozen=True)
class Quirks:
    """What to inject. Table sets name tables (``"drug"``); everything is off by default
    except what FDA's era itself does (legacy trailing ``$``, the 2012Q4 spellings and BOM).

    ``crlf``/``mixed_endings``: CRLF on every line / on every other line. ``latin1``: encode the
    file as Latin-1 (else UTF-8). ``no_final_newline``: drop the last line feed. ``run_on``:
    table -> index of a row written on one line with the next row (legacy rows end in ``$``,
    so the records stay ``$``-separated; FAERS rows are glued). ``folder``: ``ascii``,
    ``ASCII``, ``asci``, ``asii`` (default per era). ``upper_extension``: ``.TXT`` (default:
    legacy). ``lower_names``: ``demo12q4.txt`` (default: 2012Q4). ``demo_new``:
    ``DEMO18Q1_new.txt``. ``bom``: tables starting with a UTF-8 BOM (default: 2012Q4 DRUG).
    ``upper_header``: header names upper case (default: legacy). ``extra_members``: more
    files (FDA's PDFs, ``STAT`` files) as name -> bytes.
    """

    crlf: Collection[str] = ()
    mixed_endings: Collection[str] = ()
    latin1: Collection[str] = ()
    no_final_newline: Collection[str] = ()
    run_on: Mapping[str, int] = field(default_factory=dict)
    folder: str | None = None
    upper_extension: bool | None = None
    lower_names: bool | None = None
    demo_new: bool = False
    bom: Collection[str] | None = None
    upper_header: bool | None = None
    extra_members: Mapping[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class DeletedList:
    """A deleted-case list: ids as written, FDA's lone-space first line or a header line."""

    caseids: Sequence[str]
    name: str | None = None  # default Deleted/DELETE<yy>Q<n>.txt
    first_line: str | None = " "  # " " as FDA, "caseid" as some peers expect, None for none
    crlf: bool = False


def member_name(table: str, quarter: str, quirks: Quirks) -> str:
    year, q = parse_quarter(quarter)
    legacy = era_of(quarter) == "aers"
    folder = quirks.folder or ("ascii" if _before(quarter, "2019Q1") else "ASCII")
    lower = quirks.lower_names if quirks.lower_names is not None else quarter == "2012Q4"
    upper_ext = quirks.upper_extension if quirks.upper_extension is not None else legacy
    stem = f"{table}{year % 100:02d}q{q}" if lower else f"{table.upper()}{year % 100:02d}Q{q}"
    if table == "demo" and quirks.demo_new:
        stem += "_new"
    return f"{folder}/{stem}{'.TXT' if upper_ext else '.txt'}"


def table_lines(table: str, quarter: str, rows: Sequence[Row], quirks: Quirks) -> list[str]:
    """The header and one line per row, as FDA writes them (without line endings)."""
    names = layout(table, quarter)
    header = header_line(table, quarter, quirks)
    trailing = "$" if ends_with_delimiter(table, quarter) else ""
    body = []
    for row in rows:
        unknown = set(row) - {_UNIFIED.get(name, name) for name in names}
        if unknown:
            raise ValueError(f"{table} {quarter} has no column {sorted(unknown)}")
        values = [row.get(_UNIFIED.get(name, name)) or "" for name in names]
        body.append("$".join(values) + trailing)
    glued = quirks.run_on.get(table)
    if glued is not None:
        body[glued : glued + 2] = [body[glued] + body[glued + 1]]
    return [header, *body]


def encode_lines(lines: Sequence[str], table: str, quarter: str, quirks: Quirks) -> bytes:
    """Join lines with the chosen endings and encode them; a BOM and final newline per the
    quirks."""
    if table in quirks.crlf:
        endings = ["\r\n"] * len(lines)
    elif table in quirks.mixed_endings:
        endings = ["\r\n" if index % 2 else "\n" for index in range(len(lines))]
    else:
        endings = ["\n"] * len(lines)
    if table in quirks.no_final_newline and endings:
        endings[-1] = ""
    text = "".join(line + end for line, end in zip(lines, endings, strict=True))
    data = text.encode("latin-1" if table in quirks.latin1 else "utf-8")
    return (BOM + data) if starts_with_bom(table, quarter, quirks) else data


def starts_with_bom(table: str, quarter: str, quirks: Quirks | None = None) -> bool:
    """Whether FDA's file starts with a UTF-8 byte-order mark: 2012Q4 DRUG (notes §3.1),
    unless ``quirks.bom`` names the tables."""
    bom = quirks.bom if quirks is not None and quirks.bom is not None else None
    if bom is None:
        return table == "drug" and quarter == "2012Q4"
    return table in bom


def write_quarter_zip(
    folder: Path,
    quarter: str,
    tables: Mapping[str, Sequence[Row]],
    *,
    deleted: Sequence[DeletedList] = (),
    quirks: Quirks | None = None,
    name: str | None = None,
) -> Path:
    """Write ``folder/<FDA's zip name>`` holding each given table (an empty sequence writes a
    header-only file; a table not given is absent) and the deleted lists; returns its path."""
    quirks = quirks or Quirks()
    path = Path(folder) / (name or zip_name(quarter))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in TABLE_ORDER:
            if table not in tables:
                continue
            lines = table_lines(table, quarter, tables[table], quirks)
            archive.writestr(
                member_name(table, quarter, quirks), encode_lines(lines, table, quarter, quirks)
            )
        for listed in deleted:
            end = "\r\n" if listed.crlf else "\n"
            text = deleted_list_text(listed.caseids, listed.first_line, end)
            member = listed.name or deleted_member_name(quarter)
            archive.writestr(member, text.encode("ascii"))
        for member, data in quirks.extra_members.items():
            archive.writestr(member, data)
    return path
