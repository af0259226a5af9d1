"""The dashboard's figures (equity/reads/dashboard.py), scenario by scenario, to the cent."""

from __future__ import annotations

from decimal import Decimal

from equity.reads.dashboard import (
    business_days_between,
    flow_markers,
    headline,
    history_between,
    period_waterfall,
)
from equity.reads.history import equity_history
from equity.services.cash_flows import FlowRequest, list_cash_flows, record_cash_flow
from equity_app.chart_data import pnl_bars, waterfall_steps
from tests.support import D, add_days, day, new_portfolio


def _deposit(db, name, iso, amount, notes=None):
    record_cash_flow(db, FlowRequest(name, day(iso), "deposit", D(amount), notes))


def test_headline_after_a_deposit_and_two_days_of_pnl(sqlite_db):
    name = new_portfolio(sqlite_db, opening="1000000", inception="2025-01-01")
    add_days(sqlite_db, name, ("2025-01-02", "50000"), ("2025-01-03", "-20000"))
    _deposit(sqlite_db, name, "2025-01-03", "100000")
    figures = headline(equity_history(sqlite_db, name), today=day("2025-01-06"))
    assert figures.current_equity == D("1130000.00")
    assert figures.day_pnl == D("-20000.00")  # the day's P&L; the 100,000 deposit is no gain
    assert figures.cumulative_pnl == D("30000.00")
    assert figures.net_contributions == D("1100000.00")
    assert figures.pnl_to_contributions == D("30000") / D("1100000")
    assert figures.last_snapshot == day("2025-01-03")
    assert figures.business_days_since_snapshot == 1  # Friday to Monday
    assert not figures.is_stale


def test_a_snapshot_four_business_days_old_is_stale():
    assert business_days_between(day("2025-01-03"), day("2025-01-09")) == 4
    assert business_days_between(day("2025-01-03"), day("2025-01-03")) == 0


def test_headline_of_a_portfolio_without_snapshots_is_its_opening_equity(sqlite_db):
    name = new_portfolio(sqlite_db, opening="500000")
    figures = headline(equity_history(sqlite_db, name), today=day("2025-01-06"))
    assert figures.current_equity == D("500000.00")
    assert figures.net_contributions == D("500000.00")
    assert figures.day_pnl is None and figures.last_snapshot is None
    assert figures.mtd is None and figures.ytd is None


def test_headline_of_a_single_day_shows_that_days_pnl(sqlite_db):
    name = new_portfolio(sqlite_db, opening="1000000")
    add_days(sqlite_db, name, ("2025-01-02", "2500.25"))
    figures = headline(equity_history(sqlite_db, name), today=day("2025-01-02"))
    assert figures.day_pnl == D("2500.25")


def test_waterfall_of_a_period_that_starts_after_inception(sqlite_db):
    name = new_portfolio(sqlite_db, opening="1000000", inception="2025-01-01")
    add_days(
        sqlite_db,
        name,
        ("2025-01-02", "10000"),
        ("2025-01-03", "-5000"),
        ("2025-01-06", "7000.50"),
    )
    _deposit(sqlite_db, name, "2025-01-03", "200000")
    record_cash_flow(sqlite_db, FlowRequest(name, day("2025-01-06"), "withdrawal", D("50000.25")))
    history = equity_history(sqlite_db, name)
    fall = period_waterfall(history, day("2025-01-03"), day("2025-01-06"))
    assert fall.starting_equity == D("1010000.00")  # the end of 2 January
    assert (fall.deposits, fall.withdrawals, fall.pnl) == (
        D("200000.00"),
        D("50000.25"),
        D("2000.50"),
    )
    assert fall.ending_equity == D("1162000.25")
    steps = waterfall_steps(fall)
    assert [s.label for s in steps] == [
        "Starting equity",
        "Deposits",
        "Withdrawals",
        "P&L",
        "Ending equity",
    ]
    assert steps[2].base == D("1159999.75") and steps[2].height == D("50000.25")
    # 1,010,000 + 200,000 - 50,000.25 = 1,159,999.75, then +2,000.50 = 1,162,000.25
    assert (steps[3].base, steps[3].height) == (D("1159999.75"), D("2000.50"))
    assert steps[3].base + steps[3].height == fall.ending_equity


def test_a_losing_period_floats_its_pnl_bar_down_from_the_running_total(sqlite_db):
    name = new_portfolio(sqlite_db, opening="1000000")
    add_days(sqlite_db, name, ("2025-01-02", "-30000"))
    fall = period_waterfall(equity_history(sqlite_db, name), day("2025-01-01"), day("2025-01-31"))
    pnl = waterfall_steps(fall)[3]
    assert (pnl.role, pnl.base, pnl.height, pnl.amount) == (
        "loss",
        D("970000.00"),
        D("30000.00"),
        D("-30000.00"),
    )


def test_flow_markers_sit_on_the_equity_of_their_date_and_skip_voided_flows(sqlite_db):
    name = new_portfolio(sqlite_db, opening="1000000")
    add_days(sqlite_db, name, ("2025-01-02", "0"), ("2025-01-06", "1000"))
    _deposit(sqlite_db, name, "2025-01-04", "5000", "Saturday wire")  # a weekend date
    history = equity_history(sqlite_db, name)
    [marker] = flow_markers(history, list_cash_flows(sqlite_db, name))
    assert (marker.flow_date, marker.equity_balance, marker.notes) == (
        day("2025-01-04"),
        D("1005000.00"),
        "Saturday wire",
    )


def test_net_contributions_are_equity_less_cumulative_pnl_each_day(sqlite_db):
    name = new_portfolio(sqlite_db, opening="1000000")
    add_days(sqlite_db, name, ("2025-01-02", "100"), ("2025-01-03", "200"))
    _deposit(sqlite_db, name, "2025-01-03", "1000")
    frame = history_between(equity_history(sqlite_db, name), day("2025-01-03"), day("2025-01-03"))
    assert list(frame["net_contributions"]) == [Decimal("1001000.00")]


def test_long_pnl_histories_become_exact_weekly_sums(sqlite_db):
    name = new_portfolio(sqlite_db, opening="1000000", inception="2025-01-01")
    add_days(
        sqlite_db,
        name,
        ("2025-01-02", "1.10"),  # Thursday
        ("2025-01-03", "2.20"),  # Friday
        ("2025-01-06", "-0.05"),  # next Monday
    )
    frame = equity_history(sqlite_db, name).frame
    bars, word = pnl_bars(frame, max_bars=2)
    assert word == "Weekly"
    assert list(bars["date"]) == [day("2025-01-03"), day("2025-01-06")]
    assert list(bars["daily_pnl"]) == [D("3.30"), D("-0.05")]
    assert pnl_bars(frame, max_bars=3)[1] == "Daily"
    assert pnl_bars(frame, max_bars=1)[1] == "Monthly"
