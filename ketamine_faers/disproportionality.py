"""Disproportionality measures of one 2x2 table of spontaneous reports, in plain Python.

The table, for a product P and an adverse event E in one time window::

                      E reported    E not reported
    P reported            a               b          a + b = reports with P
    P not reported        c               d          c + d = reports without P
                        a + c           b + d        N = a + b + c + d

Measures (confidence intervals on the natural log scale, z = 1.96):

* **ROR** (reporting odds ratio) = (a/b) / (c/d) = ad / bc, 95% CI by Woolf's method:
  exp(ln ROR +/- z * sqrt(1/a + 1/b + 1/c + 1/d)).
* **PRR** (proportional reporting ratio) = (a/(a+b)) / (c/(c+d)), 95% CI by the log method:
  exp(ln PRR +/- z * sqrt(1/a - 1/(a+b) + 1/c - 1/(c+d))).
* **chi_square**: Pearson's chi-square with Yates' continuity correction,
  N * max(0, |ad - bc| - N/2)^2 / ((a+b)(c+d)(a+c)(b+d)). The ``max(0, ...)`` stops the
  correction from overshooting when |ad - bc| < N/2 (the same rule as
  ``scipy.stats.chi2_contingency(correction=True)``). Computed on the observed cells.
* **IC** (information component, Norén et al. 2013, Stat Methods Med Res 22:57-69):
  IC = log2((a + 0.5) / (E + 0.5)) with E = (a+b)(a+c)/N the expected count, and its 95%
  credibility interval by Norén's closed-form approximation:
  IC025 = IC - 3.3 (a+0.5)^(-1/2) - 2 (a+0.5)^(-3/2),
  IC975 = IC + 2.4 (a+0.5)^(-1/2) - 0.5 (a+0.5)^(-3/2).

Signal thresholds (module constants, one flag per method, ``signal`` when all three agree)::

    ROR:  a >= ROR_MIN_CASES (3) and ROR025 > ROR_LOWER_MIN (1)
    PRR:  a >= PRR_MIN_CASES (3) and PRR >= PRR_MIN (2) and chi-square >= CHI_SQUARE_MIN (4)
          (Evans et al. 2001, Pharmacoepidemiol Drug Saf 10:483-6)
    IC:   IC025 > IC025_MIN (0)
    signal = ROR and PRR and IC signals (conservative; the per-method flags are there for
             anyone who follows a single method)

Zero cells and bad input, without a crash:

* Any cell equal to 0 (ROR or PRR would be 0, infinite or undefined): ROR and PRR and their
  CIs are computed on the Haldane-Anscombe corrected table, 0.5 added to **every** cell, and
  the result says ``continuity_corrected = True``. The other measures use the observed cells.
* chi_square is ``None`` (JSON ``null``) when a margin of the table is 0: the statistic is
  undefined there. The PRR signal is then False.
* IC is defined with a = 0 (its +0.5 terms are a shrinkage, not a correction).
* Negative counts, non-integers, and an empty table (N = 0) raise ``ValueError`` with a
  message naming the offending cell.

The worked example a=3, b=97, c=47, d=19853 gives ROR 13.064 (3.998-42.690), PRR 12.702
(4.020-40.136), Yates chi-square 20.403, IC 2.222 (IC025 0.153, IC975 3.429); the tests pin
these. :func:`measures_frame` computes the same numbers for a whole DataFrame at once, and
is what builds the ``signals`` table, so the SQL never re-implements the formulas.
"""

from __future__ import annotations

import json
import math
import operator
import sys
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

# 1.96, as in the pharmacovigilance literature and the worked example; the exact normal quantile
# (1.959964) would move the third decimal of the upper limits (42.689 instead of 42.690).
Z_95 = 1.96

ROR_MIN_CASES = 3
ROR_LOWER_MIN = 1.0
PRR_MIN_CASES = 3
PRR_MIN = 2.0
CHI_SQUARE_MIN = 4.0
IC025_MIN = 0.0
HALDANE_ANSCOMBE = 0.5

CELLS = ("a", "b", "c", "d")


@dataclass(frozen=True)
class TwoByTwo:
    """Report counts of one product/event pair in one window; see the module docstring."""

    a: int
    b: int
    c: int
    d: int

    def __post_init__(self) -> None:
        for name in CELLS:
            value = getattr(self, name)
            if isinstance(value, bool):
                raise ValueError(f"cell {name} must be a count, got {value!r}")
            try:
                count = operator.index(value)
            except TypeError:
                raise ValueError(
                    f"cell {name} must be a whole number of reports, got {value!r}"
                ) from None
            if count < 0:
                raise ValueError(f"cell {name} is {count}: report counts cannot be negative")
            object.__setattr__(self, name, count)
        if self.n == 0:
            raise ValueError("the 2x2 table is empty (a + b + c + d = 0): nothing to measure")

    @property
    def n(self) -> int:
        return self.a + self.b + self.c + self.d

    @property
    def expected(self) -> float:
        """Reports with P and E expected if they were independent: (a+b)(a+c)/N."""
        return (self.a + self.b) * (self.a + self.c) / self.n

    @property
    def has_zero_cell(self) -> bool:
        return 0 in (self.a, self.b, self.c, self.d)


@dataclass(frozen=True)
class DisproportionalityResult:
    a: int
    b: int
    c: int
    d: int
    n: int
    expected: float
    continuity_corrected: bool
    ror: float
    ror_lower: float
    ror_upper: float
    prr: float
    prr_lower: float
    prr_upper: float
    chi_square: float | None
    ic: float
    ic025: float
    ic975: float
    signal_ror: bool
    signal_prr: bool
    signal_ic: bool
    signal: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _ratio_measures(a: float, b: float, c: float, d: float) -> tuple[float, ...]:
    """ROR and PRR with their 95% CIs for cells that are all > 0."""
    ror = (a * d) / (b * c)
    ror_se = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    prr = (a / (a + b)) / (c / (c + d))
    prr_se = math.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d))
    return (
        ror,
        math.exp(math.log(ror) - Z_95 * ror_se),
        math.exp(math.log(ror) + Z_95 * ror_se),
        prr,
        math.exp(math.log(prr) - Z_95 * prr_se),
        math.exp(math.log(prr) + Z_95 * prr_se),
    )


def _yates_chi_square(a: int, b: int, c: int, d: int) -> float | None:
    n = a + b + c + d
    margins = (a + b) * (c + d) * (a + c) * (b + d)
    if margins == 0:
        return None
    excess = max(0.0, abs(a * d - b * c) - n / 2)
    return n * excess * excess / margins


def _information_component(a: int, expected: float) -> tuple[float, float, float]:
    ic = math.log2((a + 0.5) / (expected + 0.5))
    root = (a + 0.5) ** -0.5
    root3 = (a + 0.5) ** -1.5
    return ic, ic - 3.3 * root - 2.0 * root3, ic + 2.4 * root - 0.5 * root3


def measures(a: int, b: int, c: int, d: int) -> DisproportionalityResult:
    """Every measure of the module docstring for one table (raises ValueError on bad cells)."""
    table = TwoByTwo(a, b, c, d)
    corrected = table.has_zero_cell
    shift = HALDANE_ANSCOMBE if corrected else 0.0
    ror, ror_lower, ror_upper, prr, prr_lower, prr_upper = _ratio_measures(
        table.a + shift, table.b + shift, table.c + shift, table.d + shift
    )
    chi_square = _yates_chi_square(table.a, table.b, table.c, table.d)
    ic, ic025, ic975 = _information_component(table.a, table.expected)
    signal_ror = table.a >= ROR_MIN_CASES and ror_lower > ROR_LOWER_MIN
    signal_prr = (
        table.a >= PRR_MIN_CASES
        and prr >= PRR_MIN
        and chi_square is not None
        and chi_square >= CHI_SQUARE_MIN
    )
    signal_ic = ic025 > IC025_MIN
    return DisproportionalityResult(
        a=table.a,
        b=table.b,
        c=table.c,
        d=table.d,
        n=table.n,
        expected=table.expected,
        continuity_corrected=corrected,
        ror=ror,
        ror_lower=ror_lower,
        ror_upper=ror_upper,
        prr=prr,
        prr_lower=prr_lower,
        prr_upper=prr_upper,
        chi_square=chi_square,
        ic=ic,
        ic025=ic025,
        ic975=ic975,
        signal_ror=signal_ror,
        signal_prr=signal_prr,
        signal_ic=signal_ic,
        signal=signal_ror and signal_prr and signal_ic,
    )


MEASURE_COLUMNS = (
    "n",
    "expected",
    "continuity_corrected",
    "ror",
    "ror_lower",
    "ror_upper",
    "prr",
    "prr_lower",
    "prr_upper",
    "chi_square",
    "ic",
    "ic025",
    "ic975",
    "signal_ror",
    "signal_prr",
    "signal_ic",
    "signal",
)


def measures_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`measures` for every row of a DataFrame with integer columns a, b, c, d.

    Returns a copy of ``frame`` with the columns of :data:`MEASURE_COLUMNS` added (chi_square
    is NaN where :func:`measures` gives None). Same formulas, same rules, vectorised with
    numpy: the tests check that every row equals the scalar result. Raises ValueError, naming
    the first offending row, for the same bad input as :func:`measures`.
    """
    missing = [name for name in CELLS if name not in frame.columns]
    if missing:
        raise ValueError(f"measures_frame needs columns a, b, c, d; missing {missing}")
    out = frame.copy()
    cells: dict[str, np.ndarray] = {}
    for name in CELLS:
        column = frame[name]
        if column.isna().any():
            row = column.index[column.isna()][0]
            raise ValueError(f"cell {name} is missing in row {row!r}")
        values = column.to_numpy()
        if not np.issubdtype(values.dtype, np.integer):
            as_float = values.astype("float64")
            if not np.all(np.equal(np.floor(as_float), as_float)):
                row = column.index[np.floor(as_float) != as_float][0]
                raise ValueError(f"cell {name} must be a whole number of reports (row {row!r})")
        values = values.astype("int64")
        if (values < 0).any():
            row = column.index[values < 0][0]
            raise ValueError(
                f"cell {name} is negative in row {row!r}: report counts cannot be negative"
            )
        cells[name] = values
    a, b, c, d = (cells[name] for name in CELLS)
    n = a + b + c + d
    if (n == 0).any():
        row = frame.index[n == 0][0]
        raise ValueError(f"the 2x2 table of row {row!r} is empty (a + b + c + d = 0)")

    af, bf, cf, df = (x.astype("float64") for x in (a, b, c, d))
    nf = n.astype("float64")
    expected = (af + bf) * (af + cf) / nf
    corrected = (a == 0) | (b == 0) | (c == 0) | (d == 0)
    shift = np.where(corrected, HALDANE_ANSCOMBE, 0.0)
    ac, bc, cc, dc = af + shift, bf + shift, cf + shift, df + shift
    ror = (ac * dc) / (bc * cc)
    ror_se = np.sqrt(1 / ac + 1 / bc + 1 / cc + 1 / dc)
    prr = (ac / (ac + bc)) / (cc / (cc + dc))
    prr_se = np.sqrt(1 / ac - 1 / (ac + bc) + 1 / cc - 1 / (cc + dc))

    # float64 on purpose: the product of the four margins overflows int64 at FAERS sizes,
    # while ad - bc stays far below 2**53 and so is exact.
    margins = (af + bf) * (cf + df) * (af + cf) * (bf + df)
    cross = np.abs(af * df - bf * cf)
    excess = np.maximum(0.0, cross - nf / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        chi_square = np.where(margins == 0, np.nan, nf * excess * excess / margins)

    ic = np.log2((af + 0.5) / (expected + 0.5))
    root = (af + 0.5) ** -0.5
    root3 = (af + 0.5) ** -1.5
    ic025 = ic - 3.3 * root - 2.0 * root3
    ic975 = ic + 2.4 * root - 0.5 * root3

    ror_lower = np.exp(np.log(ror) - Z_95 * ror_se)
    signal_ror = (a >= ROR_MIN_CASES) & (ror_lower > ROR_LOWER_MIN)
    signal_prr = (
        (a >= PRR_MIN_CASES)
        & (prr >= PRR_MIN)
        & ~np.isnan(chi_square)
        & (np.nan_to_num(chi_square, nan=-1.0) >= CHI_SQUARE_MIN)
    )
    signal_ic = ic025 > IC025_MIN

    out["n"] = n
    out["expected"] = expected
    out["continuity_corrected"] = corrected
    out["ror"] = ror
    out["ror_lower"] = ror_lower
    out["ror_upper"] = np.exp(np.log(ror) + Z_95 * ror_se)
    out["prr"] = prr
    out["prr_lower"] = np.exp(np.log(prr) - Z_95 * prr_se)
    out["prr_upper"] = np.exp(np.log(prr) + Z_95 * prr_se)
    out["chi_square"] = chi_square
    out["ic"] = ic
    out["ic025"] = ic025
    out["ic975"] = ic975
    out["signal_ror"] = signal_ror
    out["signal_prr"] = signal_prr
    out["signal_ic"] = signal_ic
    out["signal"] = signal_ror & signal_prr & signal_ic
    return out


def stats_json(a: int, b: int, c: int, d: int) -> str:
    """Every measure of one 2x2 table as JSON (``ketamine-faers stats A B C D``)."""
    result = measures(a, b, c, d).as_dict()
    result["thresholds"] = {
        "ror": f"a >= {ROR_MIN_CASES} and ror_lower > {ROR_LOWER_MIN:g}",
        "prr": f"a >= {PRR_MIN_CASES} and prr >= {PRR_MIN:g} and chi_square >= {CHI_SQUARE_MIN:g}",
        "ic": f"ic025 > {IC025_MIN:g}",
        "signal": "all three",
    }
    return json.dumps(result, indent=2)


#: The one line an error of ``stats`` ends with: what the four counts are.
USAGE_LINE = (
    "usage: ketamine-faers stats A B C D (A = reports with the product and the event, "
    "B = with the product only, C = with the event only, D = with neither; counts >= 0)"
)
#: The largest count ``stats`` takes: every count is exact as a float below 2**53, and
#: FAERS holds about 30 million reports in all.
MAX_CELL = 10**15


def main_stats(argv: list[str]) -> int:
    """CLI body of ``ketamine-faers stats A B C D``: JSON on stdout, exit 0; errors on stderr
    as one line (what is wrong, then the usage), exit 2. A count too large for the float
    measures is refused before it can overflow into a traceback."""
    if len(argv) != 4:
        return _stats_error(f"expected 4 counts, got {len(argv)}")
    cells: list[int] = []
    for name, text in zip(CELLS, argv, strict=True):
        digits = text.strip().lstrip("+-")
        if digits.isdigit() and len(digits) > len(str(MAX_CELL)):
            return _stats_error(
                f"cell {name} has {len(digits)} digits; a count is at most {MAX_CELL:,}"
            )
        try:
            cell = int(text.strip())
        except ValueError:
            shown = text if len(text) <= 40 else text[:37] + "..."
            return _stats_error(f"cell {name} must be a non-negative integer, got {shown!r}")
        if cell > MAX_CELL:
            return _stats_error(f"cell {name} is {cell:,}; a count is at most {MAX_CELL:,}")
        cells.append(cell)
    try:
        print(stats_json(*cells))
    except (ValueError, OverflowError, ZeroDivisionError) as exc:
        return _stats_error(" ".join(str(exc).split()))
    return 0


def _stats_error(message: str) -> int:
    print(f"error: {message}; {USAGE_LINE}", file=sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main_stats(sys.argv[1:]))
