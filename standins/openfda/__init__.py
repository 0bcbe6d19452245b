"""A local, openFDA-compatible drug/event service for tests and the demo (no internet needed).

``LocalOpenFDA(records).start()`` serves ``GET /drug/event.json`` on 127.0.0.1 with
openFDA's parameters, messages, paging ``Link`` header and quirks; ``.faults`` injects
429/5xx, stalls, cut connections and moving totals. See :mod:`.server` and :mod:`.faults`.
"""

from .answers import DISCLAIMER
from .faults import FAULT_KINDS, Fault, FaultPlan
from .handler import RequestRecord
from .params import EVENT_PATH
from .server import LocalOpenFDA, load_records

__all__ = [
    "DISCLAIMER",
    "EVENT_PATH",
    "FAULT_KINDS",
    "Fault",
    "FaultPlan",
    "LocalOpenFDA",
    "RequestRecord",
    "load_records",
]
