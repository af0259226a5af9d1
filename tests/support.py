"""Helpers for scenario tests: literals, a portfolio builder, history rows and full dumps."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy.engine import make_url

from equity.clock import FrozenClock
from equity.reads.history import equity_history
from equity.services.portfolios import NewPortfolio, create_portfolio
from equity.services.snapshots import SnapshotInput, upsert_snapshots
from equity.storage.database import Database

#: The moment every storage test runs at: "today" never moves under a test, even at midnight.
TEST_NOW = datetime(2026, 6, 30, 15, 0, tzinfo=UTC)
TEST_CLOCK = FrozenClock(TEST_NOW)
#: Who writes in storage tests: the audit columns and the ledger show this actor.
TEST_ACTOR = "tester@example.com"


def D(value: str) -> Decimal:
    return Decimal(value)


def day(iso: str) -> date:
    return date.fromisoformat(iso)


def new_portfolio(
    db: Database, name: str = "Alpha", opening: str = "1000000", inception: str = "2025-01-01"
) -> str:
    create_portfolio(db, NewPortfolio(name, D(opening), day(inception)))
    return name


def add_days(db: Database, name: str, *days: tuple[str, str]) -> None:
    """Snapshots as (date, daily P&L) pairs, each upserted on its own like a daily batch."""
    for iso, pnl in days:
        upsert_snapshots(db, name, [SnapshotInput(day(iso), D(pnl))], source="batch")


def equity_by_date(db: Database, name: str) -> dict[str, Decimal]:
    frame = equity_history(db, name).frame
    return {d.isoformat(): e for d, e in zip(frame["date"], frame["equity_balance"], strict=True)}


def history_rows(db: Database, name: str) -> list[tuple]:
    """Every stored figure of every day, for exact before/after comparisons."""
    frame = equity_history(db, name).frame
    return [tuple(row) for row in frame.itertuples(index=False, name=None)]


def full_dump(db: Database) -> str:
    """The whole database as text: SQLite's iterdump, or pg_dump for PostgreSQL.

    Comparing two dumps proves a rejected change left nothing behind, not even a
    carry-forward row or a bumped timestamp.
    """
    if db.is_sqlite:
        with db.engine.connect() as connection:
            raw = connection.connection.driver_connection
            return "\n".join(raw.iterdump())
    return _pg_dump(db)


def _pg_dump(db: Database) -> str:
    url = make_url(db.url)
    pg_dump = shutil.which("pg_dump")
    assert pg_dump is not None, "pg_dump (Debian's postgresql-client) is needed to dump PostgreSQL"
    command = [
        pg_dump,
        "--no-owner",
        "-h",
        url.host or "127.0.0.1",
        "-p",
        str(url.port or 5432),
        "-U",
        url.username or "postgres",
        url.database or "",
    ]
    dump = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    # pg_dump 15.14+ brackets its output with a random \restrict key, and sequence positions
    # are not data: PostgreSQL never rolls a sequence back, even when the transaction is.
    skipped = ("\\restrict", "\\unrestrict", "SELECT pg_catalog.setval(")
    return "\n".join(line for line in dump.splitlines() if not line.startswith(skipped))
