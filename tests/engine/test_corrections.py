"""Corrections behind the shared equity guard: deleting a snapshot, editing opening equity.

(Issue 13 exposes them as ``snapshot delete`` and ``portfolio set --opening-equity``.)
"""

from __future__ import annotations

import pytest

from equity.errors import ValidationError
from equity.services.audit import audit_trail, replaced_days_in
from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.services.portfolios import (
    NewPortfolio,
    create_portfolio,
    get_portfolio,
    set_opening_equity,
)
from equity.services.snapshots import SnapshotInput, delete_snapshot, upsert_snapshots
from equity.storage.models import CARRY_FORWARD
from tests.support import (
    TEST_ACTOR,
    D,
    add_days,
    day,
    equity_by_date,
    full_dump,
    history_rows,
    new_portfolio,
)

NEAR_MAX_OPENING = "99999999999000.00"


def test_deleting_a_profitable_day_may_leave_equity_negative_pnl_is_a_fact(db):
    """A gain funded a withdrawal; the gain turns out wrong and is removed: kept negative."""
    name = new_portfolio(db, opening="1000", inception="2025-01-01")
    add_days(db, name, ("2025-01-02", "5000"), ("2025-01-03", "0"))
    record_cash_flow(db, FlowRequest(name, day("2025-01-03"), "withdrawal", D("5500")))
    assert equity_by_date(db, name) == {"2025-01-02": D("6000.00"), "2025-01-03": D("500.00")}

    result = delete_snapshot(db, name, day("2025-01-02"))

    assert equity_by_date(db, name) == {"2025-01-03": D("-4500.00")}
    assert (result.days_recomputed, result.new_equity_balance) == (1, D("-4500.00"))
    assert get_portfolio(db, name).equity_balance == D("-4500.00")
    entry = audit_trail(db, name)[0]
    assert (entry.action, entry.actor) == ("snapshot.delete", TEST_ACTOR)
    assert entry.details.startswith("removed 2025-01-02 (P&L $5,000.00)")


def test_deleting_a_loss_that_would_put_equity_beyond_numeric_is_refused(db):
    name = new_portfolio(db, opening=NEAR_MAX_OPENING, inception="2025-01-01")
    add_days(db, name, ("2025-01-02", "-1000000"), ("2025-01-03", "0"))
    record_cash_flow(db, FlowRequest(name, day("2025-01-03"), "deposit", D("900000")))
    assert equity_by_date(db, name)["2025-01-03"] == D("99999999899000.00")
    before = full_dump(db)

    with pytest.raises(ValidationError, match="beyond"):
        delete_snapshot(db, name, day("2025-01-02"))

    assert full_dump(db) == before


def test_deleting_a_day_with_flows_keeps_a_carried_forward_row_for_them(db):
    name = new_portfolio(db, opening="1000", inception="2025-01-01")
    upsert_snapshots(db, name, [SnapshotInput(day("2025-01-02"), D("10"), D("700"))])
    upsert_snapshots(db, name, [SnapshotInput(day("2025-01-03"), D("20"), D("900"))])
    add_days(db, name, ("2025-01-06", "30"))
    record_cash_flow(db, FlowRequest(name, day("2025-01-03"), "deposit", D("5")))

    result = delete_snapshot(db, name, day("2025-01-03"))

    rows = {row[0].isoformat(): row for row in history_rows(db, name)}
    # date, equity, P&L, cumulative, inflow, outflow, total value, source
    assert rows["2025-01-03"][1:] == (
        D("1015.00"),
        D("0.00"),
        D("10.00"),
        D("5.00"),
        D("0.00"),
        D("700.00"),
        CARRY_FORWARD,
    )
    assert rows["2025-01-06"][1] == D("1045.00")
    assert (result.days_recomputed, result.new_equity_balance) == (2, D("1045.00"))
    entry = audit_trail(db, name)[0]
    assert entry.action == "snapshot.delete"
    assert "removed 2025-01-03 (P&L $20.00); a carried-forward row keeps its flows" in entry.details
    deleted = replaced_days_in(entry.details)[0]
    assert (deleted["old_daily_pnl"], deleted["old_total_value"]) == ("20.00", "900.00")


def test_a_carried_forward_day_holding_flows_has_no_snapshot_to_delete(db):
    name = new_portfolio(db, opening="1000", inception="2025-01-01")
    add_days(db, name, ("2025-01-02", "10"))
    record_cash_flow(db, FlowRequest(name, day("2025-01-04"), "deposit", D("5")))
    before = full_dump(db)
    with pytest.raises(ValidationError, match="holds only a carried-forward row"):
        delete_snapshot(db, name, day("2025-01-04"))
    assert full_dump(db) == before


def test_lowering_opening_equity_shifts_every_day_by_the_difference(db):
    name = new_portfolio(db, opening="1000", inception="2025-01-01")
    add_days(db, name, ("2025-01-02", "50"), ("2025-01-03", "-20"))
    record_cash_flow(db, FlowRequest(name, day("2025-01-02"), "withdrawal", D("800")))

    view = set_opening_equity(db, name, D("900"))

    assert (view.opening_equity, view.equity_balance) == (D("900.00"), D("130.00"))
    assert equity_by_date(db, name) == {"2025-01-02": D("150.00"), "2025-01-03": D("130.00")}
    entry = audit_trail(db, name)[0]
    assert (entry.action, entry.actor, entry.details) == (
        "portfolio.opening_equity",
        TEST_ACTOR,
        "opening equity $1,000.00 -> $900.00",
    )


def test_lowering_opening_equity_below_a_withdrawal_is_refused_with_the_first_day(db):
    name = new_portfolio(db, opening="1000", inception="2025-01-01")
    add_days(db, name, ("2025-01-02", "0"), ("2025-01-03", "0"))
    record_cash_flow(db, FlowRequest(name, day("2025-01-02"), "withdrawal", D("800")))
    before = full_dump(db)

    with pytest.raises(ValidationError) as raised:
        set_opening_equity(db, name, D("700"))

    assert raised.value.field == "opening_equity"
    assert raised.value.message == (
        "opening equity of $700.00 would make equity negative on 2025-01-02 (-$100.00)"
    )
    assert full_dump(db) == before


def test_raising_opening_equity_is_allowed_even_while_losses_keep_equity_negative(db):
    """Raising adds capital: only lowering is refused for negative equity."""
    name = new_portfolio(db, opening="1000", inception="2025-01-01")
    add_days(db, name, ("2025-01-02", "-1500"))
    view = set_opening_equity(db, name, D("1200"))
    assert view.equity_balance == D("-300.00")
    with pytest.raises(ValidationError, match=r"would make equity negative on 2025-01-02"):
        set_opening_equity(db, name, D("1100"))
    assert get_portfolio(db, name).equity_balance == D("-300.00")


def test_raising_opening_equity_beyond_numeric_is_refused(db):
    name = new_portfolio(db, opening=NEAR_MAX_OPENING, inception="2025-01-01")
    add_days(db, name, ("2025-01-02", "999.99"))
    before = full_dump(db)
    with pytest.raises(ValidationError, match="beyond"):
        set_opening_equity(db, name, D("99999999999999.99"))
    assert full_dump(db) == before


def test_opening_equity_in_yen_takes_whole_yen_only(db):
    create_portfolio(db, NewPortfolio("Tokyo", D("1000000"), day("2025-01-01"), "JPY"))
    with pytest.raises(ValidationError, match=r"more decimal places than JPY allows \(0\)"):
        set_opening_equity(db, "Tokyo", D("1000000.50"))
    assert set_opening_equity(db, "Tokyo", D("2000000")).equity_balance == D("2000000.00")
