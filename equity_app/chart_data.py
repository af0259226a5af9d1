"""How the engine's figures are cut for a chart: bar roles and P&L downsampling.

The read models (:mod:`equity.reads.dashboard`) say what happened; this module decides
how it is drawn: which bars a waterfall has and the meaning each bar's colour shows, and
how many P&L bars fit. Every amount stays an exact Decimal; only Plotly gets floats.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pandas as pd

from equity.money import ZERO
from equity.reads.dashboard import Waterfall


@dataclass(frozen=True)
class WaterfallStep:
    """One bar: it floats from ``base`` to ``base + height``; ``role`` picks its colour."""

    label: str
    base: Decimal
    height: Decimal
    role: str  # "equity", "deposit", "withdrawal", "gain" or "loss"
    amount: Decimal  # the signed figure to print on the bar


def waterfall_steps(waterfall: Waterfall) -> list[WaterfallStep]:
    """Bars in reading order; the running total never leaves Decimal."""
    start, end = waterfall.starting_equity, waterfall.ending_equity
    after_deposits = start + waterfall.deposits
    after_withdrawals = after_deposits - waterfall.withdrawals
    pnl = waterfall.pnl
    pnl_base = after_withdrawals if pnl >= 0 else after_withdrawals + pnl
    return [
        WaterfallStep("Starting equity", ZERO, start, "equity", start),
        WaterfallStep("Deposits", start, waterfall.deposits, "deposit", waterfall.deposits),
        WaterfallStep(
            "Withdrawals",
            after_withdrawals,
            waterfall.withdrawals,
            "withdrawal",
            -waterfall.withdrawals,
        ),
        WaterfallStep("P&L", pnl_base, abs(pnl), "gain" if pnl >= 0 else "loss", pnl),
        WaterfallStep("Ending equity", ZERO, end, "equity", end),
    ]


def pnl_bars(frame: pd.DataFrame, max_bars: int) -> tuple[pd.DataFrame, str]:
    """Daily P&L, or its weekly (then monthly) sums when there are more days than bars fit.

    A server-side downsample that keeps every cent: each bar is the exact sum of its days,
    dated by the last day it covers. Returns the bars (``date``, ``daily_pnl``) and the
    word for their period: "Daily", "Weekly" or "Monthly".
    """
    bars, word = frame[["date", "daily_pnl"]].reset_index(drop=True), "Daily"
    for coarser, period_of in (
        ("Weekly", lambda day: day.isocalendar()[:2]),
        ("Monthly", lambda day: (day.year, day.month)),
    ):
        if len(bars) <= max_bars:
            break
        bars, word = _summed_by(frame, period_of), coarser
    return bars, word


def _summed_by(frame: pd.DataFrame, period_of: Callable[[date], Hashable]) -> pd.DataFrame:
    totals: dict[Hashable, list] = {}
    for day, pnl in zip(frame["date"], frame["daily_pnl"], strict=True):
        entry = totals.setdefault(period_of(day), [day, ZERO])
        entry[0], entry[1] = day, entry[1] + pnl
    return pd.DataFrame(list(totals.values()), columns=["date", "daily_pnl"], dtype=object)


#: The windows a manager looks back over on the equity chart, shortest first.
WINDOWS = ("1M", "3M", "YTD", "1Y", "All")


def window_start(window: str, first: date, last: date) -> date:
    """The first day of ``window`` ending on ``last`` (the last snapshot), never before ``first``.

    Months and years count back by calendar (31 March less one month is 29 February in a
    leap year, as Plotly's own range buttons counted); "YTD" starts on 1 January.
    """
    end = pd.Timestamp(last)
    starts = {
        "1M": end - pd.DateOffset(months=1),
        "3M": end - pd.DateOffset(months=3),
        "YTD": pd.Timestamp(last.year, 1, 1),
        "1Y": end - pd.DateOffset(years=1),
    }
    start = starts.get(window)
    return first if start is None else max(first, start.date())
