"""The consistency check finds each kind of corruption; the cheap pre-check agrees with it."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.services.checks import check_invariants, problems_if_any
from tests.support import D, add_days, day, new_portfolio

CORRUPTIONS = {
    "equity formula": "UPDATE portfolio_snapshots SET equity_balance = equity_balance + 1",
    "cumulative P&L": "UPDATE portfolio_snapshots SET cumulative_pnl = cumulative_pnl + 1",
    "flows vs ledger": "UPDATE portfolio_snapshots SET equity_inflow = equity_inflow + 1",
    "cached balance": "UPDATE portfolios SET equity_balance = equity_balance + 1",
}


@pytest.fixture
def fund(db):
    name = new_portfolio(db)
    add_days(db, name, ("2025-01-02", "50000"), ("2025-01-03", "-20000"))
    record_cash_flow(db, FlowRequest(name, day("2025-01-02"), "deposit", D("100")))
    return db, name


def test_a_consistent_portfolio_has_no_problems(fund):
    db, name = fund
    assert check_invariants(db, name) == []
    assert problems_if_any(db, name) == []


@pytest.mark.parametrize("corruption", list(CORRUPTIONS))
def test_each_corruption_is_found_by_both_checks(fund, corruption):
    db, name = fund
    with db.engine.begin() as connection:
        connection.execute(text(CORRUPTIONS[corruption]))
    full = check_invariants(db, name)
    assert full, f"{corruption} went unnoticed"
    assert problems_if_any(db, name) == full
