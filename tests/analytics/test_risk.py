"""Drawdown, volatility, Sharpe and extreme days on named return paths."""

from __future__ import annotations

import math
import statistics

import pandas as pd
import pytest

from equity.analytics import (
    annualized_volatility,
    best_day,
    daily_returns,
    drawdown,
    sharpe_ratio,
    worst_day,
)
from equity.analytics.risk import short_history_caveat
from tests.analytics.builders import D, day, history

INCEPTION = day("2024-01-01")


def returns_of(*values: float, start: str = "2024-01-02") -> pd.Series:
    first = day(start)
    dates = [first + pd.Timedelta(days=i).to_pytimedelta() for i in range(len(values))]
    return pd.Series(values, index=pd.Index(dates, dtype=object), dtype=float)


def test_rally_slump_and_recovery():
    """100 -> 110 -> 88 -> 92.40 -> 120.12: a 20 % fall from 2024-01-02, recovered 2024-01-05."""
    frame = history(
        "100",
        [
            ("2024-01-02", "10"),
            ("2024-01-03", "-22"),
            ("2024-01-04", "4.40"),
            ("2024-01-05", "27.72"),
        ],
    )
    result = drawdown(daily_returns(frame, D("100")).returns, INCEPTION)

    assert result.max_drawdown == pytest.approx(-0.20, abs=1e-12)
    assert result.peak_date == day("2024-01-02")
    assert result.trough_date == day("2024-01-03")
    assert result.recovery_date == day("2024-01-05")
    assert list(result.series) == pytest.approx([0.0, -0.2, 0.924 / 1.1 - 1, 0.0], abs=1e-12)


def test_a_loss_on_the_first_day_falls_from_the_inception_peak():
    """The index stands at 1 on the inception date, so a first-day loss is a drawdown."""
    result = drawdown(returns_of(-0.10, 0.05), INCEPTION)

    assert result.max_drawdown == pytest.approx(-0.10, abs=1e-12)
    assert result.peak_date == INCEPTION
    assert result.trough_date == day("2024-01-02")
    assert result.recovery_date is None


def test_never_below_the_peak_is_zero_drawdown():
    result = drawdown(returns_of(0.01, 0.0, 0.02), INCEPTION)
    assert result.max_drawdown == 0.0
    assert result.peak_date is None
    assert result.trough_date is None


def test_no_returns_means_no_drawdown_and_says_why():
    result = drawdown(pd.Series(dtype=float), INCEPTION)
    assert result.max_drawdown is None
    assert result.reason == "undefined because there are no daily returns yet"


def test_volatility_is_the_sample_stdev_times_root_252():
    values = [0.01, -0.02, 0.03, 0.0]
    figure = annualized_volatility(returns_of(*values))
    assert figure.value == pytest.approx(statistics.stdev(values) * math.sqrt(252), abs=1e-15)


def test_volatility_needs_two_returns():
    assert annualized_volatility(returns_of(0.01)).reason == (
        "undefined because volatility needs at least two daily returns and there is only one"
    )
    assert annualized_volatility(pd.Series(dtype=float)).value is None


def test_sharpe_with_a_four_percent_risk_free_rate():
    values = [0.01, -0.005, 0.002, 0.007]
    daily_rf = 1.04 ** (1 / 252) - 1
    excess = [v - daily_rf for v in values]
    expected = statistics.mean(excess) / statistics.stdev(excess) * math.sqrt(252)

    assert sharpe_ratio(returns_of(*values), 0.04).value == pytest.approx(expected, abs=1e-12)


def test_sharpe_of_a_flat_series_is_undefined():
    assert sharpe_ratio(returns_of(0.001, 0.001, 0.001)).reason == (
        "undefined because the daily returns never varied"
    )


def test_best_and_worst_days():
    series = returns_of(0.01, -0.03, 0.04, -0.03)
    assert best_day(series) == (day("2024-01-04"), 0.04)
    assert worst_day(series) == (day("2024-01-03"), -0.03)
    assert best_day(pd.Series(dtype=float)) is None


def test_a_yearly_risk_figure_on_88_days_says_so_and_a_year_needs_no_caveat():
    assert short_history_caveat(day("2025-01-02"), day("2025-03-31")) == "annualized from 88 days"
    assert short_history_caveat(day("2025-01-02"), day("2025-01-03")) == "annualized from 1 day"
    assert short_history_caveat(day("2024-01-02"), day("2025-01-01")) is None  # 365 days
