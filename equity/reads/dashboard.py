"""Read-only figures the dashboard shows that the use cases do not hand back.

Pure functions over a :class:`~equity.reads.history.History` (which the app reads once
and caches), so the screen does no arithmetic on money: every amount and ratio here is
an exact ``Decimal``. How they are drawn (bar colours, downsampling) is
``equity_app.chart_data``'s business.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd

from equity.money import ZERO
from equity.reads.history import History
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
class Waterfall:
    """How equity went from the start of a period to its end."""

    start: date
    end: date
    starting_equity: Decimal
    deposits: Decimal
    withdrawals: Decimal
    pnl: Decimal
    ending_equity: Decimal


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
