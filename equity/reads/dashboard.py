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

from equity.analytics.periods import standard_periods
from equity.analytics.returns import daily_returns, time_weighted_return
from equity.money import ZERO
from equity.reads.history import History
from equity.services.views import FlowImpact, FlowView
from equity.storage.models import CARRY_FORWARD

#: A snapshot older than this many business days is stale: the problem the product ends.
STALE_AFTER_BUSINESS_DAYS = 3


@dataclass(frozen=True)
class Headline:
    """The dashboard's metric row for one portfolio."""

    current_equity: Decimal
    #: P&L of the last real snapshot (flows never count); None before any real snapshot.
    day_pnl: Decimal | None
    cumulative_pnl: Decimal
    net_contributions: Decimal
    #: Cumulative P&L as a fraction of net contributions; None when those are not positive.
    pnl_to_contributions: Decimal | None
    #: Month- and year-to-date TWR (flow-neutral), as on the Performance page's period table.
    mtd: PeriodReturn | None
    ytd: PeriodReturn | None
    #: The last real snapshot: imported P&L, never a day carried forward for a flow.
    last_snapshot: date | None
    business_days_since_snapshot: int | None
    #: The last day of the history, a carried-forward one included (its equity is current).
    last_day: date | None = None

    @property
    def is_stale(self) -> bool:
        days = self.business_days_since_snapshot
        return days is None or days > STALE_AFTER_BUSINESS_DAYS


@dataclass(frozen=True)
class PeriodReturn:
    """A period's time-weighted return; ``reason`` says why it is None, when it is."""

    start: date
    end: date
    twr: float | None
    reason: str | None


def headline(history: History, today: date) -> Headline:
    """Current equity, the last real day's P&L, returns, and how fresh the data is.

    ``history`` must be the portfolio's whole history: contributions count from inception.
    A flow dated after the last imported day creates a carried-forward row; that row moves
    equity but is not news of the market, so the day's P&L and the snapshot's age come
    from the last real snapshot.
    """
    portfolio, frame = history.portfolio, history.frame
    if frame.empty:
        return Headline(
            current_equity=portfolio.equity_balance,
            day_pnl=None,
            cumulative_pnl=ZERO,
            net_contributions=portfolio.opening_equity,
            pnl_to_contributions=None,
            mtd=None,
            ytd=None,
            last_snapshot=None,
            business_days_since_snapshot=None,
        )
    cumulative = frame["cumulative_pnl"].iloc[-1]
    contributions = frame["equity_balance"].iloc[-1] - cumulative
    real = frame[frame["source"] != CARRY_FORWARD]
    last_real = real["date"].iloc[-1] if not real.empty else None
    returns = _to_date_returns(history)
    return Headline(
        current_equity=portfolio.equity_balance,
        day_pnl=real["daily_pnl"].iloc[-1] if not real.empty else None,
        cumulative_pnl=cumulative,
        net_contributions=contributions,
        pnl_to_contributions=cumulative / contributions if contributions > 0 else None,
        mtd=returns.get("MTD"),
        ytd=returns.get("YTD"),
        last_snapshot=last_real,
        business_days_since_snapshot=(
            business_days_between(last_real, today) if last_real is not None else None
        ),
        last_day=frame["date"].iloc[-1],
    )


def _to_date_returns(history: History) -> dict[str, PeriodReturn]:
    """MTD and YTD TWR from the same analytics (and periods) as the Performance page."""
    portfolio = history.portfolio
    daily = daily_returns(history.frame, portfolio.opening_equity)
    end = history.frame["date"].iloc[-1]
    returns = {}
    for period in standard_periods(end, portfolio.inception_date):
        if period.label in ("MTD", "YTD"):
            result = time_weighted_return(daily, period.start, period.end)
            reason = result.reasons.get("twr")
            returns[period.label] = PeriodReturn(period.start, period.end, result.twr, reason)
    return returns


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
