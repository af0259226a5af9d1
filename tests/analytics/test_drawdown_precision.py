"""A 1e-10 fall on a 1e13 fund keeps its digits: drawdown against exact fractions.

``I_t / peak - 1`` in floats keeps only ~6 digits of such a fall; the running log sum
since the last peak keeps ~1e-9 relative, which this checks on an exact oracle.
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pandas as pd
import pytest

from equity.analytics.risk import drawdown

START = date(2024, 1, 1)
RELATIVE = 1e-9
#: +1,000, -1,000, +1,000.01, -1,000.02 ... on 1e13: daily returns around +-1e-10.
PNL = [Fraction(1000), Fraction(-1000), Fraction(100001, 100), Fraction(-100002, 100)] * 25


def _exact_returns() -> list[Fraction]:
    balance, returns = Fraction(10**13), []
    for pnl in PNL:
        returns.append(pnl / balance)
        balance += pnl
    return returns


def _exact_max_drawdown(returns: list[Fraction]) -> Fraction:
    index, peak, worst = Fraction(1), Fraction(1), Fraction(0)
    for r in returns:
        index *= 1 + r
        peak = max(peak, index)
        worst = min(worst, index / peak - 1)
    return worst


def test_tiny_falls_on_a_huge_balance_keep_nine_digits():
    exact_returns = _exact_returns()
    days = [START + timedelta(days=n + 1) for n in range(len(exact_returns))]
    series = pd.Series([float(r) for r in exact_returns], index=days)
    result = drawdown(series, START)
    exact = _exact_max_drawdown(exact_returns)
    assert exact < 0
    assert result.max_drawdown == pytest.approx(float(exact), rel=RELATIVE)


def test_the_old_product_formula_would_not_keep_them():
    """The oracle can tell: the plain float product misses by more than the tolerance."""
    exact_returns = _exact_returns()
    index = (1.0 + pd.Series([float(r) for r in exact_returns])).cumprod()
    naive = float((index / index.cummax().clip(lower=1.0) - 1.0).min())
    exact = float(_exact_max_drawdown(exact_returns))
    assert abs(naive - exact) / abs(exact) > RELATIVE
