"""The planning document's timeline, then the flows it could not handle."""

from __future__ import annotations

from equity.services.cash_flows import FlowRequest, record_cash_flow, void_cash_flow
from equity.services.checks import check_invariants
from equity.services.portfolios import get_portfolio
from tests.support import D, add_days, day, equity_by_date, history_rows, new_portfolio


def test_daily_pnl_rolls_equity_forward(db):
    name = new_portfolio(db, opening="1000000")
    add_days(db, name, ("2025-01-02", "50000"))
    assert get_portfolio(db, name).equity_balance == D("1050000.00")
    add_days(db, name, ("2025-01-03", "-20000"))
    assert equity_by_date(db, name) == {
        "2025-01-02": D("1050000.00"),
        "2025-01-03": D("1030000.00"),
    }
    assert get_portfolio(db, name).equity_balance == D("1030000.00")
    assert get_portfolio(db, name).opening_equity == D("1000000.00")


def test_backdated_deposit_on_day_one_moves_both_days_and_the_balance(db):
    name = new_portfolio(db)
    add_days(db, name, ("2025-01-02", "50000"), ("2025-01-03", "-20000"))
    impact = record_cash_flow(db, FlowRequest(name, day("2025-01-02"), "deposit", D("100000")))
    assert impact.equity_on_date_before == D("1050000.00")
    assert impact.equity_on_date_after == D("1150000.00")
    assert impact.days_recomputed == 2
    assert impact.current_equity_before == D("1030000.00")
    assert impact.new_equity_balance == D("1130000.00")
    assert equity_by_date(db, name) == {
        "2025-01-02": D("1150000.00"),
        "2025-01-03": D("1130000.00"),
    }
    assert check_invariants(db) == []


def test_withdrawal_then_void_restores_the_exact_prior_history(db):
    name = new_portfolio(db)
    add_days(db, name, ("2025-01-02", "50000"), ("2025-01-03", "-20000"), ("2025-01-06", "1234.56"))
    before = history_rows(db, name)
    flow = record_cash_flow(db, FlowRequest(name, day("2025-01-03"), "withdrawal", D("30000.01")))
    assert equity_by_date(db, name)["2025-01-03"] == D("999999.99")
    assert equity_by_date(db, name)["2025-01-06"] == D("1001234.55")
    void_cash_flow(db, flow.flow_id, "entered twice")
    assert history_rows(db, name) == before
    assert get_portfolio(db, name).equity_balance == D("1031234.56")
    assert check_invariants(db) == []


def test_cumulative_pnl_excludes_flows(db):
    name = new_portfolio(db)
    add_days(db, name, ("2025-01-02", "50000"), ("2025-01-03", "-20000"))
    record_cash_flow(db, FlowRequest(name, day("2025-01-02"), "deposit", D("100000")))
    rows = {r[0].isoformat(): r for r in history_rows(db, name)}
    # (date, equity, pnl, cumulative_pnl, inflow, outflow, total_value, source)
    assert rows["2025-01-03"][3] == D("30000.00")
    assert rows["2025-01-02"][4] == D("100000.00")


def test_portfolio_starting_empty_is_funded_by_a_deposit(db):
    name = new_portfolio(db, opening="0")
    record_cash_flow(db, FlowRequest(name, day("2025-01-02"), "deposit", D("250000")))
    add_days(db, name, ("2025-01-03", "2500"))
    assert equity_by_date(db, name) == {"2025-01-02": D("250000.00"), "2025-01-03": D("252500.00")}
