"""Read-only figures the dashboard shows that the other services do not hand back.

Pure functions over a :class:`~equity.services.history.History` (which the app reads once
and caches), so the screen does no arithmetic on money: every amount and ratio here is
an exact ``Decimal``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd

from equity.money import ZERO
from equity.services.history import History
from equity.services.views import FlowImpact, FlowView

#: A snapshot older than this many business days is stale: the problem the product ends.
STALE_AFTER_BUSINESS_DAYS = 3


@dataclass(frozen=True)
class Headline:
    """The dashboard's metric row for one portfolio."""

    current_equity: Decimal
    #: Equity change on the latest snapshot date (flows included); None before any snapshot.
    last_day_change: Decimal | None
    cumulative_pnl: Decimal
    net_contributions: Decimal
    #: Cumulative P&L as a fraction of net contributions; None when those are not positive.
    pnl_to_contributions: Decimal | None
    last_snapshot: date | None
    business_days_since_snapshot: int | None

    @property
    def is_stale(self) -> bool:
        days = self.business_days_since_snapshot
        return days is None or days > STALE_AFTER_BUSINESS_DAYS


def headline(history: History, today: date) -> Headline:
    """Current equity, its last move, P&L and contributions, and how fresh the data is.

    ``history`` must be the portfolio's whole history: contributions count from inception.
    """
    portfolio, frame = history.portfolio, history.frame
    if frame.empty:
        return Headline(
            current_equity=portfolio.equity_balance,
            last_day_change=None,
            cumulative_pnl=ZERO,
            net_contributions=portfolio.opening_equity,
            pnl_to_contributions=None,
            last_snapshot=None,
            business_days_since_snapshot=None,
        )
    balances = list(frame["equity_balance"])
    previous = balances[-2] if len(balances) > 1 else portfolio.opening_equity
    cumulative = frame["cumulative_pnl"].iloc[-1]
    contributions = balances[-1] - cumulative
    last_day = frame["date"].iloc[-1]
    return Headline(
        current_equity=portfolio.equity_balance,
        last_day_change=balances[-1] - previous,
        cumulative_pnl=cumulative,
        net_contributions=contributions,
        pnl_to_contributions=cumulative / contributions if contributions > 0 else None,
        last_snapshot=last_day,
        business_days_since_snapshot=business_days_between(last_day, today),
    )


def business_days_between(earlier: date, later: date) -> int:
    """Weekdays after ``earlier`` up to and including ``later`` (0 when not later)."""
    if later <= earlier:
        return 0
    return int(np.busday_count(earlier + timedelta(days=1), later + timedelta(days=1)))


def with_contributions(frame: pd.DataFrame) -> pd.DataFrame:
    """The history with ``net_contributions`` added: equity minus cumulative P&L, per day.

    DESIGN.md: equity_t = contributions_t + cumulative_pnl_t, so the split is exact.
    """
    result = frame.copy()
    result["net_contributions"] = pd.Series(
        [e - p for e, p in zip(frame["equity_balance"], frame["cumulative_pnl"], strict=True)],
        index=frame.index,
        dtype=object,
    )
    return result


@dataclass(frozen=True)
class FlowMarker:
    """A live deposit or withdrawal placed on the equity line of its date."""

    flow_date: date
    kind: str
    amount: Decimal
    notes: str | None
    equity_balance: Decimal


def flow_markers(history: History, flows: Iterable[FlowView]) -> list[FlowMarker]:
    """Live flows with the equity of their date (a flow's date always has a snapshot)."""
    equity_on = dict(zip(history.frame["date"], history.frame["equity_balance"], strict=True))
    fallback = history.portfolio.opening_equity
    return [
        FlowMarker(f.flow_date, f.kind, f.amount, f.notes, equity_on.get(f.flow_date, fallback))
        for f in flows
        if not f.voided
    ]


@dataclass(frozen=True)
class WaterfallStep:
    """One bar: it floats from ``base`` to ``base + height``; ``role`` picks its colour."""

    label: str
    base: Decimal
    height: Decimal
    role: str  # "equity", "deposit", "withdrawal", "gain" or "loss"
    amount: Decimal  # the signed figure to print on the bar


@dataclass(frozen=True)
class Waterfall:
    """How equity went from the start of a period to its end."""

    start: date
    end: date
    starting_equity: Decimal
    deposits: Decimal
    withdrawals: Decimal
    pnl: Decimal
    ending_equity: Decimal

    def steps(self) -> list[WaterfallStep]:
        """Bars in reading order; the running total never leaves Decimal."""
        after_deposits = self.starting_equity + self.deposits
        after_withdrawals = after_deposits - self.withdrawals
        pnl_base = after_withdrawals if self.pnl >= 0 else after_withdrawals + self.pnl
        return [
            WaterfallStep(
                "Starting equity", ZERO, self.starting_equity, "equity", self.starting_equity
            ),
            WaterfallStep(
                "Deposits", self.starting_equity, self.deposits, "deposit", self.deposits
            ),
            WaterfallStep(
                "Withdrawals", after_withdrawals, self.withdrawals, "withdrawal", -self.withdrawals
            ),
            WaterfallStep(
                "P&L", pnl_base, abs(self.pnl), "gain" if self.pnl >= 0 else "loss", self.pnl
            ),
            WaterfallStep("Ending equity", ZERO, self.ending_equity, "equity", self.ending_equity),
        ]


def period_waterfall(history: History, start: date, end: date) -> Waterfall:
    """Starting equity (the day before ``start``), flows and P&L in the period, ending equity.

    ``history`` must be the whole history, so the starting equity of a period that begins
    after inception is the last snapshot before it (the opening equity when there is none).
    """
    frame = history.frame
    dates = frame["date"]
    before = frame[dates < start]
    inside = frame[(dates >= start) & (dates <= end)]
    starting = (
        before["equity_balance"].iloc[-1] if not before.empty else history.portfolio.opening_equity
    )
    deposits = sum(inside["equity_inflow"], ZERO)
    withdrawals = sum(inside["equity_outflow"], ZERO)
    pnl = sum(inside["daily_pnl"], ZERO)
    ending = inside["equity_balance"].iloc[-1] if not inside.empty else starting
    return Waterfall(start, end, starting, deposits, withdrawals, pnl, ending)


@dataclass(frozen=True)
class ImpactChange:
    """How much a previewed flow or void moves equity, on its date and today."""

    on_date: Decimal
    current: Decimal


def impact_change(impact: FlowImpact) -> ImpactChange:
    """The two differences a confirmation step shows, computed exactly."""
    return ImpactChange(
        on_date=impact.equity_on_date_after - impact.equity_on_date_before,
        current=impact.new_equity_balance - impact.current_equity_before,
    )


def history_between(history: History, start: date, end: date) -> pd.DataFrame:
    """The days of ``history`` from ``start`` to ``end`` inclusive, net contributions added."""
    frame = history.frame
    inside = frame[(frame["date"] >= start) & (frame["date"] <= end)]
    return with_contributions(inside.reset_index(drop=True))


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


def _summed_by(frame: pd.DataFrame, period_of) -> pd.DataFrame:
    totals: dict[object, list] = {}
    for day, pnl in zip(frame["date"], frame["daily_pnl"], strict=True):
        entry = totals.setdefault(period_of(day), [day, ZERO])
        entry[0], entry[1] = day, entry[1] + pnl
    return pd.DataFrame(list(totals.values()), columns=["date", "daily_pnl"], dtype=object)
