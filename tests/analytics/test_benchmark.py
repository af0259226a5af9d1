"""Portfolio against a benchmark index, aligned on the portfolio's dates."""

from __future__ import annotations

import math
import statistics

import pandas as pd
import pytest

from equity.analytics import compare_to_benchmark
from equity.analytics.benchmark import aligned_returns
from tests.analytics.builders import day


def series(pairs):
    return pd.Series(
        [value for _, value in pairs], index=pd.Index([day(d) for d, _ in pairs], dtype=object)
    )


def test_holiday_and_weekend_dates_take_the_last_close():
    """The index has no close on Monday 2024-01-01 nor Saturday 2024-01-06: the last close
    stands in, so those days' benchmark returns are measured from it."""
    portfolio = series(
        [("2024-01-01", 0.0), ("2024-01-02", 0.02), ("2024-01-03", -0.01), ("2024-01-06", 0.0)]
    )
    closes = series(
        [("2023-12-29", 100.0), ("2024-01-02", 101.0), ("2024-01-03", 99.99), ("2024-01-05", 102.0)]
    )
    paired = aligned_returns(portfolio, closes)

    assert list(paired.index) == [
        day(d) for d in ("2024-01-01", "2024-01-02", "2024-01-03", "2024-01-06")
    ]
    assert list(paired["benchmark"]) == pytest.approx([0.0, 0.01, -0.01, 102.0 / 99.99 - 1])


def test_dates_before_the_first_close_are_left_out():
    portfolio = series([("2024-01-02", 0.01), ("2024-01-03", 0.02), ("2024-01-04", 0.03)])
    closes = series([("2024-01-03", 50.0), ("2024-01-04", 55.0)])
    comparison = compare_to_benchmark(portfolio, closes)

    assert comparison.observations == 1
    assert comparison.portfolio_return == pytest.approx(0.03)
    assert comparison.benchmark_return == pytest.approx(0.10)
    assert comparison.excess_return == pytest.approx(-0.07)
    assert comparison.beta is None
    assert (
        comparison.reasons["beta"]
        == "undefined because it needs at least two days with both returns"
    )


def test_a_twice_levered_portfolio_has_beta_two_and_correlation_one():
    bench = [0.01, -0.02, 0.015, 0.005, -0.01]
    closes = [("2024-01-01", 100.0)]
    level = 100.0
    for i, r in enumerate(bench, start=2):
        level *= 1 + r
        closes.append((f"2024-01-0{i}", level))
    portfolio = series([(f"2024-01-0{i}", 2 * r) for i, r in enumerate(bench, start=2)])
    comparison = compare_to_benchmark(portfolio, series(closes))

    assert comparison.observations == 5
    assert comparison.beta == pytest.approx(2.0, abs=1e-12)
    assert comparison.correlation == pytest.approx(1.0, abs=1e-12)
    assert comparison.tracking_error == pytest.approx(
        statistics.stdev(bench) * math.sqrt(252), abs=1e-12
    )
    assert comparison.benchmark_return == pytest.approx(level / 100 - 1, abs=1e-12)
    assert list(comparison.growth.columns) == ["portfolio", "benchmark"]
    assert comparison.growth["benchmark"].iloc[-1] == pytest.approx(level / 100, abs=1e-12)


def test_no_overlap_at_all():
    portfolio = series([("2024-01-02", 0.01)])
    closes = series([("2024-02-01", 10.0)])
    comparison = compare_to_benchmark(portfolio, closes)

    assert comparison.observations == 0
    assert comparison.portfolio_return is None
    assert comparison.reasons["portfolio_return"].startswith("undefined because the benchmark")
