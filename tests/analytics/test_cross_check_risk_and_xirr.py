"""Sharpe, beta, tracking error, rolling returns and XIRR against independent libraries.

The expected figures are empyrical-reloaded's and pyxirr's own outputs on the generating
returns or the raw dated flows, so a shared mistake (a ddof, a window edge, a day count)
cannot hide in both sides. Both libraries are test-only dependencies (requirements-dev.txt).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, localcontext

import empyrical
import numpy as np
import pandas as pd
import pytest
import pyxirr

from equity.analytics import (
    Period,
    compare_to_benchmark,
    daily_returns,
    money_weighted_return,
    rolling_returns,
    sharpe_ratio,
    snapshots,
    xirr,
)
from tests.analytics.test_cross_check_empyrical import INCEPTION, OPENING, realistic_history

#: pyxirr stops when its rate moves less than about 1e-9 absolute; the engine bisects to the
#: last bit and checks its residual, so the two agree to about 1e-8 relative, not 1e-12.
PYXIRR_REL = 1e-7

#: A 4 % annual risk-free rate, compounded to its daily equivalent over 252 trading days.
ANNUAL_RISK_FREE = 0.04
DAILY_RISK_FREE = (1 + ANNUAL_RISK_FREE) ** (1 / 252) - 1


def engine_returns(frame: pd.DataFrame) -> pd.Series:
    return daily_returns(frame, OPENING).returns


def test_sharpe_ratio_matches_empyrical_without_and_with_a_risk_free_rate():
    frame, generating = realistic_history()
    returns = engine_returns(frame)

    assert sharpe_ratio(returns).value == pytest.approx(
        empyrical.sharpe_ratio(generating), rel=1e-9
    )
    assert sharpe_ratio(returns, ANNUAL_RISK_FREE).value == pytest.approx(
        empyrical.sharpe_ratio(generating, risk_free=DAILY_RISK_FREE), rel=1e-9
    )


def benchmark_closes(generating: pd.Series) -> tuple[pd.Series, pd.Series]:
    """An index that moves with the portfolio (beta near 0.7) plus its own noise.

    Its first close is the Friday before the first return date, so every portfolio day
    has a benchmark return over the same span.
    """
    rng = np.random.default_rng(7)
    moves = 0.7 * generating.to_numpy() + rng.normal(0.0, 0.006, len(generating))
    index_returns = pd.Series(moves, index=generating.index)
    dates = [generating.index[0].date() - timedelta(days=3)]
    dates += [stamp.date() for stamp in generating.index]
    closes = 100.0 * np.concatenate([[1.0], np.cumprod(1.0 + moves)])
    return pd.Series(closes, index=dates), index_returns


def test_beta_correlation_and_tracking_error_match_empyrical():
    frame, generating = realistic_history()
    closes, index_returns = benchmark_closes(generating)

    comparison = compare_to_benchmark(engine_returns(frame), closes)

    assert comparison.observations == 504
    assert comparison.beta == pytest.approx(empyrical.beta(generating, index_returns), rel=1e-9)
    assert 0.9 < comparison.beta < 1.1  # cov(p, 0.7p + noise) / var(0.7p + noise): not degenerate
    assert comparison.tracking_error == pytest.approx(
        empyrical.annual_volatility(generating - index_returns), rel=1e-9
    )
    assert comparison.correlation == pytest.approx(
        np.corrcoef(generating, index_returns)[0, 1], rel=1e-9
    )
    assert comparison.benchmark_return == pytest.approx(
        empyrical.cum_returns_final(index_returns), rel=1e-9
    )


def test_twelve_month_rolling_returns_match_empyrical_windows():
    """Each window runs from the same calendar day a year earlier (pandas' month offset)."""
    frame, generating = realistic_history()

    ours = rolling_returns(engine_returns(frame), INCEPTION, months=12)

    expected = {}
    for stamp in generating.index:
        start = stamp - pd.DateOffset(months=12)
        if start.date() < INCEPTION:
            continue
        window = generating[(generating.index >= start) & (generating.index <= stamp)]
        expected[stamp.date()] = empyrical.cum_returns_final(window)
    assert len(expected) == 504 - 261  # a year of weekdays has no window yet
    assert list(ours.index) == list(expected)
    assert np.allclose(ours.to_numpy(), list(expected.values()), rtol=1e-10, atol=0)


def dated_flows(frame: pd.DataFrame) -> list[tuple[date, Decimal]]:
    """DESIGN.md's MWR flows, built from the raw frame: -O, -in + out on each day, +end."""
    flows = [(INCEPTION, -OPENING)]
    for row in frame.itertuples(index=False):
        flows.append((row.date, row.equity_outflow - row.equity_inflow))
    flows.append((frame["date"].iloc[-1], frame["equity_balance"].iloc[-1]))
    return flows


def test_xirr_matches_pyxirr_on_two_years_of_deposits_and_withdrawals():
    frame, _ = realistic_history()
    flows = [(day, amount) for day, amount in dated_flows(frame) if amount != 0]
    days, amounts = zip(*flows, strict=True)

    expected = pyxirr.xirr(days, [float(a) for a in amounts])

    assert xirr(flows).rate == pytest.approx(expected, rel=PYXIRR_REL)


def test_since_inception_mwr_is_pyxirrs_rate_and_a_short_period_its_own_return():
    frame, _ = realistic_history()
    rows = snapshots(frame, INCEPTION)
    end = rows[-1].date

    whole = money_weighted_return(rows, OPENING, Period("ITD", INCEPTION, end))
    flows = [(day, float(amount)) for day, amount in dated_flows(frame) if amount != 0]
    assert whole.value == pytest.approx(pyxirr.xirr(*zip(*flows, strict=True)), rel=PYXIRR_REL)

    short = frame.iloc[:90]
    short_end = short["date"].iloc[-1]
    part = money_weighted_return(
        snapshots(short, INCEPTION), OPENING, Period("Q", INCEPTION, short_end)
    )
    short_flows = [(d, float(a)) for d, a in dated_flows(short) if a != 0]
    annual = pyxirr.xirr(*zip(*short_flows, strict=True))
    days = (short_end - INCEPTION).days
    assert part.value == pytest.approx((1 + annual) ** (days / 365) - 1, rel=PYXIRR_REL)


@pytest.mark.parametrize(
    ("label", "flows"),
    [
        ("a year of 10 %", [("2023-01-01", -1000), ("2024-01-01", 1100)]),
        (
            "deposit, withdrawal and a loss",
            [
                ("2023-01-02", -250000),
                ("2023-03-15", -40000.5),
                ("2023-07-31", 15000.25),
                ("2024-02-29", 262000.75),
            ],
        ),
        ("a big gain in a week", [("2024-01-02", -100), ("2024-01-09", 180)]),
        ("a deep loss over three years", [("2021-06-30", -5e6), ("2024-06-30", 1.25e6)]),
    ],
)
def test_xirr_agrees_with_pyxirr_on_named_flows(label, flows):
    days = [date.fromisoformat(d) for d, _ in flows]
    amounts = [a for _, a in flows]
    ours = xirr(list(zip(days, [Decimal(str(a)) for a in amounts], strict=True)))

    assert ours.rate == pytest.approx(pyxirr.xirr(days, amounts), rel=PYXIRR_REL), label
    assert abs(exact_npv(ours.rate, days, amounts)) < Decimal("1e-6")  # a root to the micro-cent


def exact_npv(rate: float, days: list[date], amounts: list[float]) -> Decimal:
    """The flows' value at ``rate`` in 50-digit decimals (actual/365), for the residual."""
    with localcontext() as context:
        context.prec = 50
        growth = 1 + Decimal(repr(rate))
        return sum(
            (
                Decimal(str(amount)) / growth ** (Decimal((when - days[0]).days) / 365)
                for when, amount in zip(days, amounts, strict=True)
            ),
            Decimal(0),
        )
