"""A small portfolio for the issuing and restatement tests: weekdays of Q1 2025.

January is the month issued; February and March give "later" dates. The P&L is a
fixed pattern with cents, so every figure of every run is the same.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from equity.services.snapshots import SnapshotInput, upsert_snapshots
from equity.storage.database import Database
from tests.support import new_portfolio

CLIENT = "Client Fund"
JANUARY = (date(2025, 1, 1), date(2025, 1, 31))
LAST_DAY = date(2025, 3, 31)


def pnl_of(day: date) -> Decimal:
    """About +/-0.2 % a day, with cents."""
    return Decimal((day.toordinal() * 7919) % 4001 - 1900) + Decimal(day.day) / 100


def seed_client(db: Database, name: str = CLIENT, inception: str = "2025-01-01") -> str:
    new_portfolio(db, name, "1000000", inception)
    day, days = date.fromisoformat(inception), []
    while day <= LAST_DAY:
        if day.weekday() < 5:
            days.append(SnapshotInput(day, pnl_of(day)))
        day += timedelta(days=1)
    upsert_snapshots(db, name, days, source="import")
    return name
