"""The landing tables' unified columns and the header rules that map every era's header to them.

FDA's PDFs disagree with the files (notes §3.8), so the header line decides the columns: its
names are trimmed, lower-cased and freed of a byte-order mark, then legacy (AERS) and 2012Q4
spellings are renamed to the FAERS names of the landing contract. A name the contract does
not know is kept out of the landing and reported, never a reason to fail.
"""

from __future__ import annotations

from dataclasses import dataclass

TABLES: tuple[str, ...] = ("demo", "drug", "reac", "outc", "rpsr", "ther", "indi")

# Columns after quarter, era, file_name, line_no (docs/faers-files-design.md).
COLUMNS: dict[str, tuple[str, ...]] = {
    "demo": (
        "primaryid",
        "caseid",
        "caseversion",
        "i_f_cod",
        "foll_seq",
        "image",
        "event_dt",
        "mfr_dt",
        "init_fda_dt",
        "fda_dt",
        "rept_cod",
        "auth_num",
        "mfr_num",
        "mfr_sndr",
        "lit_ref",
        "age",
        "age_cod",
        "age_grp",
        "sex",
        "e_sub",
        "wt",
        "wt_cod",
        "rept_dt",
        "to_mfr",
        "occp_cod",
        "reporter_country",
        "occr_country",
        "death_dt",
        "confid",
    ),
    "drug": (
        "primaryid",
        "caseid",
        "drug_seq",
        "role_cod",
        "drugname",
        "prod_ai",
        "val_vbm",
        "route",
        "dose_vbm",
        "cum_dose_chr",
        "cum_dose_unit",
        "dechal",
        "rechal",
        "lot_num",
        "exp_dt",
        "nda_num",
        "dose_amt",
        "dose_unit",
        "dose_form",
        "dose_freq",
    ),
    "reac": ("primaryid", "caseid", "pt", "drug_rec_act"),
    "outc": ("primaryid", "caseid", "outc_cod"),
    "rpsr": ("primaryid", "caseid", "rpsr_cod"),
    "ther": ("primaryid", "caseid", "drug_seq", "start_dt", "end_dt", "dur", "dur_cod"),
    "indi": ("primaryid", "caseid", "drug_seq", "indi_pt"),
}

# Legacy and 2012Q4 spellings -> the contract's names (notes §3.1, §3.2, §4.2). Legacy DRUG's
# drug_seq is already the unified name.
RENAMES: dict[str, str] = {
    "isr": "primaryid",
    "case": "caseid",
    "i_f_code": "i_f_cod",
    "gndr_cod": "sex",
    "lot_nbr": "lot_num",
    "outc_code": "outc_cod",
    "dsg_drug_seq": "drug_seq",
    "indi_drug_seq": "drug_seq",
}

UNKNOWN_PREFIX = "unknown__"
BOM = "\ufeff"


@dataclass(frozen=True)
class Header:
    """One table file's header, as read and as mapped.

    ``names`` are the header's names after trimming and lower-casing; ``columns`` the name each
    position is read into (a unified name, or ``unknown__<position>`` for a name the contract
    does not know, which the landing leaves out); ``unknown`` the names left out.
    """

    table: str
    text: str
    names: tuple[str, ...]
    columns: tuple[str, ...]
    unknown: tuple[str, ...]

    @property
    def width(self) -> int:
        return len(self.columns)

    @property
    def known(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if not c.startswith(UNKNOWN_PREFIX))

    def position(self, column: str) -> int | None:
        """Where the unified ``column`` is in the file's rows, or None when it is not."""
        return self.columns.index(column) if column in self.columns else None


def unified_name(name: str) -> str:
    """A header name as the landing calls it: trimmed, lower-cased, BOM gone, renamed."""
    cleaned = name.replace(BOM, "").strip().lower()
    return RENAMES.get(cleaned, cleaned)


def parse_header(table: str, text: str) -> Header:
    """Map a header line to the landing's columns.

    Trailing empty names (a header ending in ``$``) are not columns. A name met twice, or not
    in the contract, becomes ``unknown__<position>``: read, reported, not landed.
    """
    if table not in COLUMNS:
        raise ValueError(f"not a FAERS table: {table!r}")
    raw = text.rstrip("\r\n").replace(BOM, "").split("$")
    while raw and not raw[-1].strip():
        raw.pop()
    names = tuple(part.strip().lower() for part in raw)
    allowed = set(COLUMNS[table])
    columns: list[str] = []
    unknown: list[str] = []
    for position, name in enumerate(names):
        unified = RENAMES.get(name, name)
        if unified in allowed and unified not in columns:
            columns.append(unified)
        else:
            columns.append(f"{UNKNOWN_PREFIX}{position}")
            unknown.append(name)
    return Header(table, text.rstrip("\r\n"), names, tuple(columns), tuple(unknown))
