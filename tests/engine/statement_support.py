"""A portfolio for the statement tests: 18 months of weekdays, flows on awkward days.

Deposits on Saturdays (a carry-forward day opens March 2025 and February 2025), a
withdrawal on 31 March 2025 (the month's last day) and a voided deposit that must not
count. The P&L is a fixed, signed pattern so every run sees the same books.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from equity.services.cash_flows import FlowRequest, record_cash_flow, void_cash_flow
from equity.services.snapshots import SnapshotInput, upsert_snapshots
from equity.storage.database import Database
from tests.support import new_portfolio

NAME = "Statement Fund"
INCEPTION = date(2025, 1, 1)
LAST_DAY = date(2026, 6, 30)  # TEST_NOW's date: the latest snapshot
FLOWS = (
    (date(2025, 2, 1), "deposit", "150000.00", "February top-up"),
    (date(2025, 3, 1), "deposit", "250000.50", "first day of March"),
    (date(2025, 3, 31), "withdrawal", "100000.25", "last day of March"),
    (date(2026, 1, 15), "withdrawal", "50000.00", None),
)


def weekday_pnl(day: date) -> Decimal:
    """A signed, repeatable daily P&L with cents (about +/-0.3 % of 1.2M)."""
    swing = (day.toordinal() * 7919) % 7001 - 3300
    return Decimal(swing) + Decimal(day.day) / 100


def seed_statement_fund(db: Database, name: str = NAME) -> str:
    new_portfolio(db, name, "1000000", INCEPTION.isoformat())
    days = []
    day = INCEPTION
    while day <= LAST_DAY:
        if day.weekday() < 5:
            days.append(SnapshotInput(day, weekday_pnl(day)))
        day += timedelta(days=1)
    upsert_snapshots(db, name, days, source="import")
    for on, kind, amount, notes in FLOWS:
        record_cash_flow(db, FlowRequest(name, on, kind, Decimal(amount), notes))
    voided = record_cash_flow(db, FlowRequest(name, date(2025, 3, 14), "deposit", Decimal("777")))
    void_cash_flow(db, voided.flow_id, "typed twice")
    return name
