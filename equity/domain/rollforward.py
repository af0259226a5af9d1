"""The equity formula of DESIGN.md as plain Decimal arithmetic.

The database rolls equity forward with window functions; this is the reference the
consistency check and the tests compare it with.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from equity.money import ZERO


@dataclass(frozen=True)
class DayMovement:
    """What happened on one snapshot date: P&L and the day's live flows."""

    day: date
    daily_pnl: Decimal
    equity_inflow: Decimal = ZERO
    equity_outflow: Decimal = ZERO


@dataclass(frozen=True)
class RolledDay:
    """The figures the formula derives for one date."""

    day: date
    cumulative_pnl: Decimal
    contributions: Decimal
    equity_balance: Decimal


def roll_forward(opening_equity: Decimal, days: Iterable[DayMovement]) -> list[RolledDay]:
    """equity_t = opening + sum(in - out) + sum(pnl), for s <= t, in date order."""
    rolled: list[RolledDay] = []
    cumulative_pnl = ZERO
    contributions = opening_equity
    for movement in sorted(days, key=lambda m: m.day):
        cumulative_pnl += movement.daily_pnl
        contributions += movement.equity_inflow - movement.equity_outflow
        rolled.append(
            RolledDay(
                day=movement.day,
                cumulative_pnl=cumulative_pnl,
                contributions=contributions,
                equity_balance=contributions + cumulative_pnl,
            )
        )
    return rolled
