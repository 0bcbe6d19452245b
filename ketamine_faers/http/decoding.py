"""Bytes to JSON text, decoded once and by JSON's rules.

RFC 8259 (section 8.1) says JSON exchanged between systems is UTF-8 and defines no
``charset`` parameter, and Python's ``json`` also reads UTF-16 and UTF-32, with or without a
byte order mark (:func:`json.detect_encoding`). A ``Content-Type`` charset is therefore
ignored: ``requests`` guessing ISO-8859-1 for a ``text/plain`` body without one is how a
UTF-8 body was once stored as mojibake. The text returned is the text that gets validated
and stored, so the two can never differ.
"""

from __future__ import annotations

import json

_BOM = "\ufeff"


def decode_json_bytes(raw: bytes) -> str:
    """The JSON text in ``raw``: UTF-8, UTF-16 or UTF-32 (either byte order), any BOM
    dropped. Raises :class:`UnicodeDecodeError` (a ``ValueError``) for bytes that are not
    text in the detected encoding, such as a body cut inside a character."""
    text = raw.decode(json.detect_encoding(raw))
    return text[1:] if text.startswith(_BOM) else text
