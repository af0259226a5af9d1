"""Deterministic portfolios for the benchmarks: dates, daily P&L and market values.

Money is generated as integer cents and handed to the product as ``Decimal``; the same
seed always gives the same history, so two runs measure the same work.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from equity.services.portfolios import NewPortfolio, create_portfolio
from equity.services.snapshots import SnapshotInput
from equity.storage.database import Database

OPENING_CENTS = 1_000_000_000  # 10,000,000.00 of opening equity
DAYS_PER_YEAR = 365


def last_day() -> date:
    """Histories end yesterday: every date is in the past, as the product requires."""
    return date.today() - timedelta(days=1)


def calendar_days(years: float, end: date | None = None) -> list[date]:
    """One snapshot per calendar day (3,650 for 10 years), ending at ``end``."""
    end = end or last_day()
    count = round(years * DAYS_PER_YEAR)
    return [end - timedelta(days=offset) for offset in range(count - 1, -1, -1)]


def business_days(years: float, end: date | None = None) -> list[date]:
    """Monday to Friday over ``years`` calendar years ending at ``end`` (about 261 a year)."""
    return [day for day in calendar_days(years, end) if day.weekday() < 5]


@dataclass(frozen=True)
class Series:
    """One portfolio's history: dates with P&L and market value, in cents."""

    days: tuple[date, ...]
    pnl_cents: tuple[int, ...]
    total_cents: tuple[int, ...]

    @property
    def inception(self) -> date:
        return self.days[0]

    def __len__(self) -> int:
        return len(self.days)


def series(days: list[date], seed: int) -> Series:
    """A random walk of P&L around +/- 20,000 a day, market value following equity."""
    rng = random.Random(seed)
    pnl, totals, equity = [], [], OPENING_CENTS
    for _ in days:
        move = rng.randint(-2_000_000, 2_100_000)
        equity += move
        pnl.append(move)
        totals.append(equity + rng.randint(0, 50_000_000))
    return Series(tuple(days), tuple(pnl), tuple(totals))


def cents(value: int) -> Decimal:
    return Decimal(value).scaleb(-2)


def text_cents(value: int) -> str:
    """Cents as a plain two-decimal amount, without going through Decimal (fast)."""
    sign = "-" if value < 0 else ""
    whole, part = divmod(abs(value), 100)
    return f"{sign}{whole}.{part:02d}"


def snapshot_inputs(history: Series) -> list[SnapshotInput]:
    """The history as the product's upsert takes it."""
    return [
        SnapshotInput(day, cents(pnl), cents(total))
        for day, pnl, total in zip(
            history.days, history.pnl_cents, history.total_cents, strict=True
        )
    ]


def snapshot_csv(history: Series) -> str:
    """The history as an import file: ``snapshot_date,daily_pnl,total_value``."""
    lines = ["snapshot_date,daily_pnl,total_value"]
    lines += [
        f"{day.isoformat()},{text_cents(pnl)},{text_cents(total)}"
        for day, pnl, total in zip(
            history.days, history.pnl_cents, history.total_cents, strict=True
        )
    ]
    return "\n".join(lines) + "\n"


def new_portfolio(db: Database, name: str, history: Series) -> None:
    """A portfolio whose inception is the history's first day, through the product."""
    create_portfolio(db, NewPortfolio(name, cents(OPENING_CENTS), history.inception))
