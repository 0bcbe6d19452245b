"""The disproportionality statistics against worked examples, zero cells and bad input."""

from __future__ import annotations

import itertools
import json
import math

import pandas as pd
import pytest

from ketamine_faers.disproportionality import (
    CHI_SQUARE_MIN,
    MEASURE_COLUMNS,
    TwoByTwo,
    main_stats,
    measures,
    measures_frame,
    stats_json,
)


def _rounded(value: float) -> float:
    return round(value, 3)


def test_issue_worked_example_to_three_decimals():
    r = measures(3, 97, 47, 19853)
    assert _rounded(r.ror) == 13.064
    assert (_rounded(r.ror_lower), _rounded(r.ror_upper)) == (3.998, 42.690)
    assert _rounded(r.prr) == 12.702
    assert (_rounded(r.prr_lower), _rounded(r.prr_upper)) == (4.020, 40.136)
    assert _rounded(r.chi_square) == 20.403
    assert _rounded(r.ic) == 2.222
    assert (_rounded(r.ic025), _rounded(r.ic975)) == (0.153, 3.429)
    assert r.expected == 0.25 and r.n == 20000
    assert not r.continuity_corrected
    assert r.signal_ror and r.signal_prr and r.signal_ic and r.signal


def test_second_worked_example_computed_by_hand():
    """a=10, b=90, c=20, d=880, N=1000, by hand:

    ROR = (10*880)/(90*20) = 8800/1800 = 4.8889; ln ROR = 1.58697;
      SE = sqrt(1/10 + 1/90 + 1/20 + 1/880) = sqrt(0.162247) = 0.40280;
      95% CI = exp(1.58697 -/+ 1.96*0.40280) = exp(0.79748), exp(2.37646) = 2.220, 10.767.
    PRR = (10/100)/(20/900) = 4.5; ln PRR = 1.50408;
      SE = sqrt(1/10 - 1/100 + 1/20 - 1/900) = sqrt(0.138889) = 0.37268;
      95% CI = exp(1.50408 -/+ 0.73045) = 2.168, 9.342.
    Yates chi-square = 1000 * (|8800 - 1800| - 500)^2 / (100 * 900 * 30 * 970)
      = 1000 * 6500^2 / 2,619,000,000 = 16.132.
    E = 100*30/1000 = 3; IC = log2(10.5/3.5) = log2(3) = 1.585;
      IC025 = 1.585 - 3.3/sqrt(10.5) - 2/10.5^1.5 = 1.585 - 1.0184 - 0.0588 = 0.508;
      IC975 = 1.585 + 2.4/sqrt(10.5) - 0.5/10.5^1.5 = 1.585 + 0.7407 - 0.0147 = 2.311.
    """
    r = measures(10, 90, 20, 880)
    assert (_rounded(r.ror), _rounded(r.ror_lower), _rounded(r.ror_upper)) == (
        4.889,
        2.220,
        10.767,
    )
    assert (_rounded(r.prr), _rounded(r.prr_lower), _rounded(r.prr_upper)) == (
        4.5,
        2.168,
        9.342,
    )
    assert _rounded(r.chi_square) == 16.132
    assert r.expected == 3.0
    assert (_rounded(r.ic), _rounded(r.ic025), _rounded(r.ic975)) == (1.585, 0.508, 2.311)
    assert r.signal


def test_zero_cell_uses_haldane_anscombe_for_ror_and_prr():
    r = measures(0, 10, 5, 1000)
    assert r.continuity_corrected
    assert math.isclose(r.ror, (0.5 * 1000.5) / (10.5 * 5.5))
    assert math.isclose(r.prr, (0.5 / 11.0) / (5.5 / 1006.0))
    assert math.isfinite(r.ror_lower) and math.isfinite(r.ror_upper)
    # the IC needs no correction: a = 0 is a valid observation
    assert math.isclose(r.ic, math.log2(0.5 / (10 * 5 / 1015 + 0.5)))
    assert not r.signal_ror and not r.signal_prr and not r.signal_ic


def test_zero_c_cell_gives_finite_ratios_not_infinity():
    r = measures(5, 10, 0, 1000)
    assert r.continuity_corrected
    assert math.isfinite(r.ror) and math.isfinite(r.prr)


def test_zero_margin_leaves_chi_square_undefined():
    r = measures(0, 10, 0, 100)  # nobody has the event: a + c = 0
    assert r.chi_square is None
    assert not r.signal_prr
    assert json.loads(stats_json(0, 10, 0, 100))["chi_square"] is None


def test_yates_correction_never_overshoots():
    # |ad - bc| = 0 < N/2: the corrected statistic is 0, not (0 - 2)^2 * 4 / 16 = 1
    assert measures(1, 1, 1, 1).chi_square == 0.0


def test_fewer_than_three_cases_never_signal_by_ror_or_prr():
    r = measures(2, 10, 1, 100000)
    assert r.ror_lower > 1 and r.prr >= 2 and r.chi_square >= CHI_SQUARE_MIN
    assert not r.signal_ror and not r.signal_prr


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ((3, -1, 47, 19853), "cell b is -1"),
        ((3, 97, 47, -5), "cell d is -5"),
        ((2.5, 97, 47, 19853), "cell a must be a whole number"),
        (("3", 97, 47, 19853), "cell a must be a whole number"),
        ((0, 0, 0, 0), "empty"),
    ],
)
def test_bad_cells_raise_a_clear_value_error(cells, message):
    with pytest.raises(ValueError, match=message):
        measures(*cells)


def test_two_by_two_accepts_numpy_integers():
    import numpy as np

    table = TwoByTwo(np.int64(3), np.int32(97), 47, 19853)
    assert (table.a, table.n) == (3, 20000)


def test_as_dict_holds_every_measure():
    result = measures(3, 97, 47, 19853).as_dict()
    assert set(MEASURE_COLUMNS) <= set(result)
    assert {"a", "b", "c", "d"} <= set(result)


def test_vectorised_measures_equal_the_scalar_ones():
    tables = [
        cells
        for cells in itertools.product([0, 1, 3, 10], [0, 2, 97], [0, 5, 47], [0, 9, 19853])
        if sum(cells) > 0
    ]
    tables.append((1093, 13513, 1000, 20_000_000))  # FAERS-sized: no integer overflow
    frame = pd.DataFrame(tables, columns=["a", "b", "c", "d"])
    out = measures_frame(frame)
    for row in out.itertuples(index=False):
        scalar = measures(row.a, row.b, row.c, row.d)
        for name in MEASURE_COLUMNS:
            got, want = getattr(row, name), getattr(scalar, name)
            if want is None:
                assert math.isnan(got), (row, name)
            elif isinstance(want, bool):
                assert bool(got) == want, (row, name)
            else:
                assert math.isclose(got, want, rel_tol=1e-12, abs_tol=1e-12), (row, name)


def test_vectorised_keeps_the_input_columns():
    frame = pd.DataFrame({"term": ["Dissociation"], "a": [3], "b": [97], "c": [47], "d": [19853]})
    out = measures_frame(frame)
    assert out.loc[0, "term"] == "Dissociation"
    assert round(out.loc[0, "ror"], 3) == 13.064


def test_vectorised_rejects_negative_counts_naming_the_row():
    frame = pd.DataFrame({"a": [3, 3], "b": [97, 97], "c": [47, -1], "d": [19853, 19853]})
    with pytest.raises(ValueError, match="cell c is negative in row 1"):
        measures_frame(frame)


def test_stats_cli_prints_json_with_every_measure(capsys):
    assert main_stats(["3", "97", "47", "19853"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert round(out["ror"], 3) == 13.064
    assert round(out["ic025"], 3) == 0.153
    assert out["signal"] is True
    assert out["thresholds"]["prr"] == "a >= 3 and prr >= 2 and chi_square >= 4"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["3", "97", "x", "19853"], "cell c must be a non-negative integer"),
        (["3", "97", "47"], "expected 4 counts, got 3"),
        (["3", "-97", "47", "19853"], "cell b is -97"),
        (["0", "0", "0", "0"], "empty"),
    ],
)
def test_stats_cli_rejects_bad_input_with_exit_code_2(capsys, argv, message):
    assert main_stats(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err
    assert "usage: ketamine-faers stats A B C D" in captured.err
