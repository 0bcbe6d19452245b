"""The byte-level pass over one zip member, before DuckDB reads it.

It streams the member in blocks cut at line feeds (C-speed bytes operations, no per-line
Python) and writes a copy DuckDB can read strictly:

* a UTF-8 byte-order mark at the start is dropped (2012Q4 DRUG, notes §3.1);
* CRLF becomes LF, so no ``\\r`` is left in the last column; the file's endings are recorded
  as ``lf``, ``crlf`` or ``mixed`` (both occur within one quarter, notes §4.4);
* C0 control bytes other than tab and line feed, DEL (0x7F, 2011Q4 DRUG) and lone carriage
  returns are removed and counted (0x08 in legacy DRUG, notes §4.5); DuckDB's strict parser
  stops on a lone CR;
* a file that is not valid UTF-8 is read again as Latin-1 and written as UTF-8 (per-file
  fallback, notes §4.5), recording which encoding was used.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

BLOCK = 16 * 1024 * 1024
_BOM = b"\xef\xbb\xbf"
_REMOVED = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]) + b"\r"


@dataclass(frozen=True)
class Prepared:
    """What the byte pass found in one member, and where its clean copy is."""

    member: str
    path: Path
    encoding: str  # utf-8 or latin-1
    line_endings: str  # lf, crlf or mixed
    control_bytes_removed: int
    total_lines: int  # header included; a last line without a newline counts
    first_line: str
    final_newline: bool

    @property
    def data_lines(self) -> int:
        return max(0, self.total_lines - 1)


def prepare_member(archive: zipfile.ZipFile, member: str, destination: Path) -> Prepared:
    """Write ``member``'s clean UTF-8, LF-only copy to ``destination`` and describe it."""
    prepared = _copy(archive, member, destination, "utf-8")
    return prepared or _require(_copy(archive, member, destination, "latin-1"))


def _require(prepared: Prepared | None) -> Prepared:
    if prepared is None:  # Latin-1 decodes every byte, so this cannot happen
        raise AssertionError("latin-1 decoding failed")
    return prepared


def _copy(
    archive: zipfile.ZipFile, member: str, destination: Path, encoding: str
) -> Prepared | None:
    """One pass; None when ``encoding`` is utf-8 and a block does not decode."""
    crlf = lf = removed = newlines = 0
    first_line: bytes | None = None
    carry = b""
    ends_with_newline = True
    with archive.open(member) as source, destination.open("wb") as out:
        at_start = True
        while True:
            block = source.read(BLOCK)
            data = carry + block
            if block:
                cut = data.rfind(b"\n") + 1
                if cut == 0:
                    carry = data
                    continue
                chunk, carry = data[:cut], data[cut:]
            else:
                chunk, carry = data, b""
                if not chunk:
                    break
                ends_with_newline = chunk.endswith(b"\n")
            if at_start and chunk.startswith(_BOM):
                chunk = chunk[len(_BOM) :]
            crlf += chunk.count(b"\r\n")
            lf += chunk.count(b"\n")
            chunk = chunk.replace(b"\r\n", b"\n")
            clean = chunk.translate(None, _REMOVED)
            removed += len(chunk) - len(clean)
            if encoding == "utf-8":
                try:
                    clean.decode("utf-8")
                except UnicodeDecodeError:
                    return None
            else:
                clean = clean.decode("latin-1").encode("utf-8")
            if first_line is None:
                first_line = clean.split(b"\n", 1)[0]
            newlines += clean.count(b"\n")
            out.write(clean)
            at_start = False
            if not block:
                break
    total = newlines + (0 if ends_with_newline else 1)
    return Prepared(
        member=member,
        path=destination,
        encoding=encoding,
        line_endings="lf" if crlf == 0 else "crlf" if crlf == lf else "mixed",
        control_bytes_removed=removed,
        total_lines=total,
        first_line=(first_line or b"").decode("utf-8"),
        final_newline=ends_with_newline,
    )
