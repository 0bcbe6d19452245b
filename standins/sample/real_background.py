"""The REAL other-drug openFDA records bundled in ``reference/real_background/``.

They sit in the sample beside the synthetic reports. At least some records the local service
serves were then written by FDA and not by our generator, and they mention neither ketamine
nor esketamine. See the README in that folder for their origin.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from ketamine_faers.paths import REFERENCE_DIR

REAL_BACKGROUND_DIR = REFERENCE_DIR / "real_background"
REAL_BACKGROUND_FILES = (
    "openfda_drugevent_records_27_crhntr.json",  # a bare list of records
    "openfda_drugevent_response_10003860.json",  # a full API response
    "openfda_drugevent_response_limit1_5801206-7.json",  # a full API response
    "fda_openfda_pipeline_event_4562564-7.postannotation.json",  # one record, FDA's internal form
)


@lru_cache(maxsize=1)
def _texts() -> tuple[str, ...]:
    """The files' text, read once per process."""
    missing = [name for name in REAL_BACKGROUND_FILES if not (REAL_BACKGROUND_DIR / name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"the bundled real openFDA records {missing} are missing from {REAL_BACKGROUND_DIR};"
            " restore them from git (they are part of the repository)"
        )
    return tuple(
        (REAL_BACKGROUND_DIR / name).read_text(encoding="utf-8") for name in REAL_BACKGROUND_FILES
    )


def load_real_background() -> list[dict[str, Any]]:
    """Every bundled real record as the API would return it, in file order.

    Parsed afresh on each call: callers get their own dicts and may change them."""
    records: list[dict[str, Any]] = []
    for text in _texts():
        data = json.loads(text)
        if isinstance(data, dict) and "results" in data:
            data = data["results"]
        for record in data if isinstance(data, list) else [data]:
            # FDA's internal form keeps "@" keys (case number, timestamp, version); the public
            # API strips them.
            records.append({k: value for k, value in record.items() if not k.startswith("@")})
    return records


@lru_cache(maxsize=1)
def real_background_ids() -> frozenset[str]:
    """Their safetyreportids: the generator never hands these out again."""
    return frozenset(record["safetyreportid"] for record in load_real_background())
