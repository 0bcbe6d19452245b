"""SYNTHETIC openFDA drug/event sample: what the bundled local openFDA service serves.

No real FAERS record naming ketamine or esketamine could be found offline (see
``docs/sources/real-data-README.md``). This package therefore GENERATES one, deterministically,
modelled field for field on the real records in ``reference/real_background/``: all scalars
are strings, many fields are optional, dates are partial, names are spelled many ways, and
old and new report styles are mixed. The numbers in it describe no real drug. Anything built
from it must say that it is synthetic.

The corpus holds:

- about 40,000 SYNTHETIC ketamine/esketamine reports, 2004 to today; one quarter
  (:data:`BIG_QUARTER`) holds more than 25,000 of them, and some quarters hold none;
- about 5,000 SYNTHETIC other-drug reports, plus the REAL other-drug records bundled in
  ``reference/real_background/``, as the background for disproportionality;
- a few awkward records for the cleaning stage (:data:`AWKWARD_RECORDS`).

Modules: ``vocabulary`` (value tables), ``reports`` (one record), ``plan`` (counts and
days per quarter), ``awkward``, ``real_background``, ``corpus`` (the stream and its summary).
"""

from standins.sample.awkward import (
    AWKWARD_RECORDS,
    AwkwardRecord,
    awkward_record_ids,
)
from standins.sample.corpus import (
    SAMPLE_SEED,
    corpus_summary,
    generate_sample_corpus,
    iter_sample_records,
    products_named,
)
from standins.sample.plan import (
    BIG_QUARTER,
    BIG_QUARTER_MATCHING,
    EMPTY_QUARTERS,
    NO_RECORD_QUARTERS,
)
from standins.sample.real_background import load_real_background
from standins.sample.reports import ESKETAMINE_FIRST_DAY, Product

__all__ = [
    "AWKWARD_RECORDS",
    "BIG_QUARTER",
    "BIG_QUARTER_MATCHING",
    "EMPTY_QUARTERS",
    "ESKETAMINE_FIRST_DAY",
    "NO_RECORD_QUARTERS",
    "SAMPLE_SEED",
    "AwkwardRecord",
    "Product",
    "awkward_record_ids",
    "corpus_summary",
    "generate_sample_corpus",
    "iter_sample_records",
    "load_real_background",
    "products_named",
]
