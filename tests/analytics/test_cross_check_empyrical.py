"""Cross-check against empyrical-reloaded (Quantopian's performance statistics library).

A realistic two-year daily series with deposits and withdrawals: the engine must recover
the generating returns through the flows, and then agree with empyrical on cumulative
return, annualized volatility (sqrt(252)) and maximum drawdown. Expected values are
empyrical's own outputs (``max_drawdown``, ``drawdown_series``), never a re-derivation
that could share the engine's mistake.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import empyrical  # requirements-dev.txt: a missing cross-check fails, it never skips
import numpy as np
import pandas as pd
import pytest
from empyrical.stats import drawdown_series

from equity.analytics import daily_returns, drawdown, performance_summary
from tests.analytics.builders import history_from_returns

INCEPTION = date(2022, 1, 3)
OPENING = Decimal("2500000.00")


def realistic_history():
    """504 weekdays of N(0.04 %, 1.2 %) returns, a deposit every 40 days, a withdrawal every 55."""
    rng = np.random.default_rng(20240531)
    dates = [d.date() for d in pd.bdate_range(INCEPTION, periods=504)]
    rates = [Decimal(f"{r:.6f}") for r in rng.normal(0.0004, 0.012, len(dates))]
    inflows = [
        Decimal(f"{rng.uniform(10_000, 400_000):.2f}") if i % 40 == 17 else Decimal(0)
        for i in range(len(dates))
    ]
    outflows = [
        Decimal(f"{rng.uniform(10_000, 150_000):.2f}") if i % 55 == 31 else Decimal(0)
        for i in range(len(dates))
    ]
    frame = history_from_returns(OPENING, dates, rates, inflows, outflows)
    generating = pd.Series([float(r) for r in rates], index=pd.DatetimeIndex(dates))
    return frame, generating


def test_engine_recovers_the_generating_returns_through_the_flows():
    frame, generating = realistic_history()
    engine = daily_returns(frame, OPENING).returns

    assert np.allclose(engine.to_numpy(), generating.to_numpy(), rtol=0, atol=1e-15)


def test_cumulative_return_volatility_and_drawdown_match_empyrical():
    frame, generating = realistic_history()
    summary = performance_summary(frame, OPENING, INCEPTION)

    assert summary.twr == pytest.approx(empyrical.cum_returns_final(generating), rel=1e-10)
    assert summary.volatility == pytest.approx(
        empyrical.annual_volatility(generating, period="daily"), rel=1e-10
    )
    assert summary.max_drawdown == pytest.approx(empyrical.max_drawdown(generating), rel=1e-10)
    assert summary.max_drawdown < -0.05  # a real drawdown, not the trivial 0


def test_drawdown_series_matches_empyrical_underwater_curve():
    """empyrical's own curve (its index starts at 100 before the first return), no local clip."""
    frame, generating = realistic_history()
    ours = drawdown(daily_returns(frame, OPENING).returns, INCEPTION).series
    underwater = drawdown_series(generating)

    assert np.allclose(ours.to_numpy(), underwater.to_numpy(), rtol=0, atol=1e-12)
    assert float(ours.min()) == pytest.approx(empyrical.max_drawdown(generating), rel=1e-12)


def test_a_loss_on_the_first_day_is_a_drawdown_from_the_opening_equity():
    """Inception is the first peak: -2 % then +1 % is a -2 % drawdown, as empyrical says."""
    dates = [date(2024, 1, 2), date(2024, 1, 3), date(2024, 1, 4)]
    rates = [Decimal("-0.02"), Decimal("0.01"), Decimal("0.005")]
    frame = history_from_returns(OPENING, dates, rates)
    generating = pd.Series([float(r) for r in rates], index=pd.DatetimeIndex(dates))
    ours = drawdown(daily_returns(frame, OPENING).returns, date(2024, 1, 1))

    assert ours.max_drawdown == pytest.approx(empyrical.max_drawdown(generating), rel=1e-12)
    assert ours.max_drawdown == pytest.approx(-0.02, rel=1e-12)
    assert np.allclose(ours.series.to_numpy(), drawdown_series(generating).to_numpy(), atol=1e-15)


def test_ninety_day_window_agrees_too():
    """A short, volatile stretch (first 90 days, so a different drawdown episode)."""
    frame, generating = realistic_history()
    short = frame.iloc[:90]
    summary = performance_summary(short, OPENING, INCEPTION)
    expected = generating.iloc[:90]

    assert summary.twr == pytest.approx(empyrical.cum_returns_final(expected), rel=1e-10)
    assert summary.volatility == pytest.approx(empyrical.annual_volatility(expected), rel=1e-10)
    assert summary.max_drawdown == pytest.approx(empyrical.max_drawdown(expected), rel=1e-10)
    assert summary.end == INCEPTION + timedelta(days=123)
