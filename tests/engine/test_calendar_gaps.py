"""Weekends, holidays and missing days: the traps that froze or reset equity before."""

from __future__ import annotations

from equity.reads.history import equity_history
from equity.services.cash_flows import FlowRequest, record_cash_flow, void_cash_flow
from equity.services.checks import check_invariants
from equity.services.snapshots import SnapshotInput, upsert_snapshots
from tests.support import D, add_days, day, equity_by_date, history_rows, new_portfolio


def _rows_by_date(db, name):
    frame = equity_history(db, name).frame
    return {r["date"].isoformat(): r for r in frame.to_dict("records")}


def test_weekend_deposit_between_friday_and_monday(db):
    name = new_portfolio(db)
    upsert_snapshots(db, name, [SnapshotInput(day("2025-01-03"), D("10000"), D("1010000"))])
    upsert_snapshots(db, name, [SnapshotInput(day("2025-01-06"), D("-5000"), D("1005000"))])
    record_cash_flow(
        db, FlowRequest(name, day("2025-01-04"), "deposit", D("200000"), "Saturday wire")
    )
    rows = _rows_by_date(db, name)
    saturday = rows["2025-01-04"]
    assert saturday["source"] == "carry_forward"
    assert saturday["total_value"] == D("1010000.00"), "market value carried from Friday, not zero"
    assert saturday["daily_pnl"] == D("0.00")
    assert saturday["equity_balance"] == D("1210000.00")
    assert rows["2025-01-06"]["equity_balance"] == D("1205000.00")
    assert check_invariants(db) == []


def test_real_snapshot_on_the_weekend_date_keeps_the_flow(db):
    name = new_portfolio(db)
    add_days(db, name, ("2025-01-03", "10000"), ("2025-01-06", "-5000"))
    record_cash_flow(db, FlowRequest(name, day("2025-01-04"), "deposit", D("200000")))
    upsert_snapshots(
        db, name, [SnapshotInput(day("2025-01-04"), D("777.77"), D("1300000"))], "batch"
    )
    saturday = _rows_by_date(db, name)["2025-01-04"]
    assert saturday["source"] == "batch"
    assert saturday["equity_inflow"] == D("200000.00")
    assert saturday["daily_pnl"] == D("777.77")
    assert saturday["equity_balance"] == D("1210777.77")
    assert equity_by_date(db, name)["2025-01-06"] == D("1205777.77")
    assert check_invariants(db) == []


def test_missing_trading_day_does_not_reset_equity(db):
    name = new_portfolio(db)
    add_days(db, name, ("2025-01-02", "50000"))
    # 2025-01-03 never arrives (batch outage); Monday's snapshot rolls from Thursday.
    add_days(db, name, ("2025-01-06", "1000"))
    assert equity_by_date(db, name) == {
        "2025-01-02": D("1050000.00"),
        "2025-01-06": D("1051000.00"),
    }


def test_flow_before_any_snapshot_carries_zero_market_value_not_a_placeholder_equity(db):
    name = new_portfolio(db, opening="500000")
    record_cash_flow(db, FlowRequest(name, day("2025-01-01"), "deposit", D("1.01")))
    row = _rows_by_date(db, name)["2025-01-01"]
    assert row["total_value"] == D("0.00")
    assert row["equity_balance"] == D("500001.01")


def test_voiding_a_weekend_flow_removes_its_carry_forward_day(db):
    name = new_portfolio(db)
    add_days(db, name, ("2025-01-03", "10000"), ("2025-01-06", "-5000"))
    before = history_rows(db, name)
    flow = record_cash_flow(db, FlowRequest(name, day("2025-01-05"), "withdrawal", D("1000")))
    void_cash_flow(db, flow.flow_id, "wrong portfolio")
    assert history_rows(db, name) == before


def test_backdated_snapshot_inserted_between_days_shifts_later_days(db):
    name = new_portfolio(db)
    add_days(db, name, ("2025-01-02", "100"), ("2025-01-06", "200"))
    add_days(db, name, ("2025-01-03", "-50.25"))
    assert equity_by_date(db, name) == {
        "2025-01-02": D("1000100.00"),
        "2025-01-03": D("1000049.75"),
        "2025-01-06": D("1000249.75"),
    }


def test_replaced_snapshot_refreshes_carried_market_values(db):
    name = new_portfolio(db)
    upsert_snapshots(db, name, [SnapshotInput(day("2025-01-03"), D("0"), D("900000"))])
    record_cash_flow(db, FlowRequest(name, day("2025-01-04"), "deposit", D("10")))
    upsert_snapshots(db, name, [SnapshotInput(day("2025-01-03"), D("5"), D("950000"))])
    saturday = _rows_by_date(db, name)["2025-01-04"]
    assert saturday["total_value"] == D("950000.00")
    assert saturday["equity_balance"] == D("1000015.00")


def test_omitted_total_value_is_carried_from_the_nearest_earlier_day(db):
    name = new_portfolio(db)
    upsert_snapshots(db, name, [SnapshotInput(day("2025-01-02"), D("1"), D("123456.78"))])
    upsert_snapshots(db, name, [SnapshotInput(day("2025-01-06"), D("1"))])
    assert _rows_by_date(db, name)["2025-01-06"]["total_value"] == D("123456.78")
