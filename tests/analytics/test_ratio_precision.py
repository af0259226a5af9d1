"""Tiny returns on a huge balance keep their digits: 1e13 opening, +-1,000 a day.

Floats lost them twice: ``1 + r`` keeps only ~6 digits of r = 1e-10 (TWR off by 8e-8
relative) and the XIRR's value summed 1e13 against -1e13 (MWR off by 1.6e-7). The
oracles are exact: fractions for the TWR chain, 50-digit Decimal Newton for the XIRR.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal, localcontext
from fractions import Fraction

import pytest

from equity.analytics.history import Snapshot
from equity.analytics.periods import Period, money_weighted_return
from equity.analytics.returns import annualize, returns_of_snapshots, time_weighted_return
from equity.analytics.xirr import xirr

OPENING = Decimal("10000000000000.00")  # 1e13
START = date(2024, 1, 1)
RELATIVE = 1e-9


def _huge_fund(days: int, deposit_every: int | None = None) -> list[Snapshot]:
    """+1,000.00, -1,000.00, +1,000.01 ... a day; optionally a 5,000,000.00 deposit."""
    rows, balance = [], OPENING
    for n in range(1, days + 1):
        pnl = Decimal("1000.00") if n % 2 else Decimal("-1000.00")
        pnl += Decimal("0.01") * (n % 3)
        inflow = Decimal("5000000.00") if deposit_every and n % deposit_every == 0 else Decimal(0)
        balance += pnl + inflow
        rows.append(Snapshot(START + timedelta(days=n), pnl, inflow, Decimal(0), balance))
    return rows


def _exact_twr(rows: list[Snapshot]) -> Fraction:
    growth, previous = Fraction(1), Fraction(OPENING)
    for row in rows:
        growth *= 1 + Fraction(row.daily_pnl) / (previous + Fraction(row.equity_inflow))
        previous = Fraction(row.equity_balance)
    return growth - 1


def _exact_xirr(flows: list[tuple[date, Decimal]]) -> Decimal:
    """The root of sum a (1 + r)^(-t/365), by Newton in 50-digit Decimal from 0 %."""
    first = flows[0][0]
    with localcontext() as context:
        context.prec = 50
        x = Decimal(0)  # ln(1 + r)
        for _ in range(60):
            terms = [(a, Decimal((d - first).days) / 365) for d, a in flows]
            value = sum(a * (-x * t).exp() for a, t in terms)
            slope = sum(-t * a * (-x * t).exp() for a, t in terms)
            step = value / slope
            x -= step
            if abs(step) < Decimal("1e-45"):
                break
        return x.exp() - 1


def _relative_error(got: float, exact) -> float:
    return abs(Fraction(got) - Fraction(exact)) / abs(Fraction(exact))


@pytest.mark.parametrize("deposit_every", [None, 7])
def test_twr_of_a_1e13_fund_with_1000_moves_is_exact_to_1e_9(deposit_every):
    rows = _huge_fund(400, deposit_every)
    daily = returns_of_snapshots(rows, OPENING)
    result = time_weighted_return(daily, START, rows[-1].date)
    exact = _exact_twr(rows)
    assert exact != 0 and abs(exact) < Fraction(1, 10**8)  # a tiny return indeed
    assert _relative_error(result.twr, exact) < RELATIVE
    # Annualized over 400 days: (1 + R)^(365/400) - 1, checked to 1e-9 as well.
    exact_annual = Decimal(exact.numerator) / Decimal(exact.denominator)
    with localcontext() as context:
        context.prec = 50
        exact_annual = ((1 + exact_annual).ln() * 365 / 400).exp() - 1
    assert _relative_error(result.twr_annualized, exact_annual) < RELATIVE


def test_annualize_keeps_a_tiny_total_and_the_edges():
    assert annualize(-1.0, 730).value == -1.0
    assert annualize(-1.5, 730).value is None
    assert _relative_error(annualize(2e-11, 730).value, Fraction(1, 10**11)) < 1e-6


@pytest.mark.parametrize("days", [200, 400])
def test_mwr_of_a_1e13_fund_with_1000_moves_is_exact_to_1e_9(days):
    rows = _huge_fund(days, deposit_every=30)
    period = Period("Since inception", START, rows[-1].date)
    mwr = money_weighted_return(rows, OPENING, period)
    flows = [(START, -OPENING)]
    flows += [(row.date, row.equity_outflow - row.equity_inflow) for row in rows]
    flows.append((rows[-1].date, rows[-1].equity_balance))
    annual = _exact_xirr(flows)
    if days >= 365:
        exact = annual
    else:
        with localcontext() as context:
            context.prec = 50
            exact = ((1 + annual).ln() * days / 365).exp() - 1
    assert exact != 0
    assert _relative_error(mwr.value, exact) < RELATIVE


def test_xirr_still_solves_ordinary_and_extreme_flows():
    ordinary = xirr([(date(2024, 1, 1), -1000), (date(2025, 1, 1), 1100)])  # 366 days
    assert ordinary.rate == pytest.approx(1.1 ** (365 / 366) - 1, rel=1e-12)
    doubled_in_a_day = xirr([(date(2024, 1, 1), -1), (date(2024, 1, 2), 2)])
    assert doubled_in_a_day.log_rate == pytest.approx(365 * math.log(2), rel=1e-12)
    assert doubled_in_a_day.rate == pytest.approx(2.0**365 - 1, rel=1e-12)
