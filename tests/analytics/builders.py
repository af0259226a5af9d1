"""Histories for analytics tests, rolled forward exactly as DESIGN.md rolls equity."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

import pandas as pd

from equity.analytics import history_frame

ZERO = Decimal(0)


def D(value: str | int) -> Decimal:
    return Decimal(value)


def day(iso: str) -> date:
    return date.fromisoformat(iso)


def history(opening: str | Decimal, days: Iterable[Sequence[object]]) -> pd.DataFrame:
    """Rows of (date, pnl[, inflow[, outflow]]); balance = prev + pnl + in - out."""
    balance = Decimal(opening)
    rows = []
    for entry in days:
        when, pnl, inflow, outflow = (*entry, "0", "0")[:4]
        pnl, inflow, outflow = Decimal(pnl), Decimal(inflow), Decimal(outflow)
        balance = balance + pnl + inflow - outflow
        rows.append(
            {
                "date": when if isinstance(when, date) else day(str(when)),
                "daily_pnl": pnl,
                "equity_inflow": inflow,
                "equity_outflow": outflow,
                "equity_balance": balance,
            }
        )
    return history_frame(rows)


def history_from_returns(
    opening: Decimal,
    dates: Sequence[date],
    returns: Sequence[Decimal],
    inflows: Sequence[Decimal] | None = None,
    outflows: Sequence[Decimal] | None = None,
) -> pd.DataFrame:
    """A history that earns exactly ``returns`` whatever its flows (pnl left unrounded)."""
    inflows = inflows or [ZERO] * len(dates)
    outflows = outflows or [ZERO] * len(dates)
    balance = opening
    rows = []
    for when, rate, inflow, outflow in zip(dates, returns, inflows, outflows, strict=True):
        pnl = rate * (balance + inflow)
        balance = balance + inflow + pnl - outflow
        rows.append(
            {
                "date": when,
                "daily_pnl": pnl,
                "equity_inflow": inflow,
                "equity_outflow": outflow,
                "equity_balance": balance,
            }
        )
    return history_frame(rows)
