"""Properties that must hold for every history, checked with hypothesis."""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from equity.analytics import daily_returns, history_frame, performance_summary, xirr
from equity.analytics.history import empty_history

CENT = Decimal("0.01")
START = date(2023, 1, 2)

rates = st.decimals(min_value=Decimal("-0.05"), max_value=Decimal("0.05"), places=4)
cash = st.decimals(min_value=Decimal("0"), max_value=Decimal("500000"), places=2)
fractions = st.decimals(min_value=Decimal("0"), max_value=Decimal("0.9"), places=2)
gaps = st.integers(min_value=1, max_value=6)
day_with_flows = st.tuples(gaps, rates, cash, fractions, st.booleans(), st.booleans())
cents_day = st.tuples(
    gaps,
    st.decimals(min_value=Decimal("-5000"), max_value=Decimal("5000"), places=2),
    st.one_of(st.just(Decimal(0)), cash),
    st.one_of(st.just(Decimal(0)), st.decimals(min_value=0, max_value=20000, places=2)),
)
relaxed = settings(deadline=None, max_examples=150)


def frame_of(rows):
    return history_frame(rows) if rows else empty_history()


def earning(opening, days, with_flows=True):
    """Rows that earn each day's rate on (previous equity + deposit), flows optional."""
    balance, when, rows = opening, START, []
    for gap, rate, deposit, fraction, deposits, withdraws in days:
        when += timedelta(days=gap)
        inflow = deposit if with_flows and deposits else Decimal(0)
        pnl = rate * (balance + inflow)
        after = balance + inflow + pnl
        outflow = (fraction * after).quantize(CENT) if with_flows and withdraws else Decimal(0)
        balance = after - outflow
        rows.append(
            {
                "date": when,
                "daily_pnl": pnl,
                "equity_inflow": inflow,
                "equity_outflow": outflow,
                "equity_balance": balance,
            }
        )
    return frame_of(rows)


def cents_history(opening, days, scale=Decimal(1)):
    """Cent-exact rows rolled forward as DESIGN.md rolls them, every amount times ``scale``."""
    balance, when, rows = opening * scale, START, []
    for gap, pnl, inflow, outflow in days:
        when += timedelta(days=gap)
        pnl, inflow, outflow = pnl * scale, inflow * scale, outflow * scale
        balance = balance + pnl + inflow - outflow
        rows.append(
            {
                "date": when,
                "daily_pnl": pnl,
                "equity_inflow": inflow,
                "equity_outflow": outflow,
                "equity_balance": balance,
            }
        )
    return frame_of(rows)


def same(a, b, rel=1e-9):
    if a is None or b is None:
        return a is None and b is None
    return a == pytest.approx(b, rel=rel, abs=1e-12)


@relaxed
@given(
    opening=st.decimals(min_value=Decimal("1"), max_value=Decimal("10000000"), places=2),
    days=st.lists(day_with_flows, min_size=1, max_size=30),
)
def test_deposits_and_withdrawals_never_change_twr(opening, days):
    """The same daily rates with or without any flows give the same TWR: prod(1 + r) - 1."""
    with_flows = performance_summary(earning(opening, days), opening, START)
    without = performance_summary(earning(opening, days, with_flows=False), opening, START)
    expected = math.prod(1 + float(rate) for _, rate, *_ in days) - 1

    assert with_flows.twr == pytest.approx(expected, rel=1e-12, abs=1e-14)
    assert without.twr == pytest.approx(expected, rel=1e-12, abs=1e-14)


@relaxed
@given(
    opening=st.decimals(min_value=Decimal("1"), max_value=Decimal("10000000"), places=2),
    days=st.lists(day_with_flows, min_size=2, max_size=20),
    position=st.integers(min_value=0, max_value=19),
    amount=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("900000"), places=2),
    deposit=st.booleans(),
)
def test_an_extra_flow_day_with_zero_pnl_leaves_twr_unchanged(
    opening, days, position, amount, deposit
):
    """Insert a day with no P&L and one deposit or withdrawal (capped at 90 % of equity)."""
    position = min(position, len(days) - 1)
    extra = (1, Decimal(0), amount, Decimal("0.9"), deposit, not deposit)
    with_extra = [*days[:position], extra, *days[position:]]
    base = performance_summary(earning(opening, days), opening, START).twr
    changed = performance_summary(earning(opening, with_extra), opening, START).twr

    assert changed == pytest.approx(base, rel=1e-12, abs=1e-14)


@relaxed
@given(
    opening=st.decimals(min_value=Decimal("0"), max_value=Decimal("1000000"), places=2),
    days=st.lists(cents_day, min_size=0, max_size=25),
    scale=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("10000"), places=2),
)
def test_scaling_every_amount_changes_no_return(opening, days, scale):
    plain = performance_summary(cents_history(opening, days), opening, START)
    scaled = performance_summary(cents_history(opening, days, scale), opening * scale, START)

    for name in ("twr", "twr_annualized", "mwr", "max_drawdown", "volatility"):
        assert same(getattr(plain, name), getattr(scaled, name)), name
    assert plain.undefined_days == scaled.undefined_days
    assert scaled.current_equity == plain.current_equity * scale


@relaxed
@given(
    opening=st.decimals(min_value=Decimal("0"), max_value=Decimal("1000000"), places=2),
    days=st.lists(cents_day, min_size=2, max_size=25),
    split=st.integers(min_value=1, max_value=24),
)
def test_twr_of_the_whole_links_the_twrs_of_its_parts(opening, days, split):
    split = min(split, len(days) - 1)
    whole = cents_history(opening, days)
    first, second = whole.iloc[:split], whole.iloc[split:].reset_index(drop=True)
    second_opening = first["equity_balance"].iloc[-1]

    full = performance_summary(whole, opening, START).twr
    head = performance_summary(first, opening, START).twr
    tail = performance_summary(second, second_opening, second["date"].iloc[0]).twr

    if head is None and tail is None:
        assert full is None
    else:
        linked = (1 + (head or 0.0)) * (1 + (tail or 0.0)) - 1
        assert full == pytest.approx(linked, rel=1e-12, abs=1e-14)
    assert daily_returns(whole, opening).returns.size == (
        daily_returns(first, opening).returns.size
        + daily_returns(second, second_opening).returns.size
    )


flows_strategy = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=3650),
        st.decimals(min_value=Decimal("-1000000"), max_value=Decimal("1000000"), places=2),
    ),
    min_size=2,
    max_size=12,
)


@relaxed
@given(flows=flows_strategy)
def test_a_returned_xirr_zeroes_the_flows_value(flows):
    dated = [(START + timedelta(days=offset), amount) for offset, amount in flows]
    result = xirr(dated)
    if result.log_rate is None:
        assert result.reason and result.reason.startswith("undefined because")
        return
    years = np.array([offset / 365 for offset, amount in flows if amount != 0])
    amounts = np.array([float(amount) for offset, amount in flows if amount != 0])
    exponents = -result.log_rate * (years - years.min())
    weights = np.exp(exponents - exponents.max())
    assert abs(np.dot(amounts, weights)) <= 1e-9 * np.dot(np.abs(amounts), weights)


@relaxed
@given(
    invested=st.decimals(min_value=Decimal("1"), max_value=Decimal("1000000"), places=2),
    later=st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=3650),
            st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2),
        ),
        min_size=1,
        max_size=10,
    ),
)
def test_an_investment_then_receipts_always_has_a_rate(invested, later):
    """Money in first, money back afterwards: exactly one sign change, so exactly one rate."""
    dated = [(START, -invested)] + [(START + timedelta(days=o), a) for o, a in later]
    result = xirr(dated)
    assert result.log_rate is not None, result.reason
