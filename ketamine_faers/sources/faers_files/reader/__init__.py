"""The reader of FDA's quarterly ASCII zips: one zip -> rows of the landing tables,
quarantine rows and per-file facts, for every era and every quirk of notes §7.

Modules: ``members`` (which zip members to read), ``layouts`` (headers -> unified columns),
``prepare`` (the byte pass: encoding, line endings, control bytes), ``tables`` (DuckDB's read),
``lines`` (repair of the lines DuckDB rejects), ``deleted`` (deleted-case lists), ``quarter``
(one zip into the staging tables). The rules are in docs/faers-files-reading.md.
"""

from ketamine_faers.sources.faers_files.reader.facts import FileRead, ReaderError
from ketamine_faers.sources.faers_files.reader.layouts import COLUMNS, TABLES, parse_header
from ketamine_faers.sources.faers_files.reader.members import (
    MemberError,
    era_of,
    find_members,
    quarter_from_name,
)
from ketamine_faers.sources.faers_files.reader.quarter import QuarterRead, stage_quarter

__all__ = [
    "COLUMNS",
    "TABLES",
    "FileRead",
    "MemberError",
    "QuarterRead",
    "ReaderError",
    "era_of",
    "find_members",
    "parse_header",
    "quarter_from_name",
    "stage_quarter",
]
