"""The period table: MTD, QTD, YTD, 1Y, 3Y and since inception.

Every period is [start, end] in calendar days. ``end`` is the latest snapshot date,
never today. The chain includes the start date's P&L and its base is the equity at the
last snapshot before ``start`` (the opening equity for since-inception), as DESIGN.md
defines since-inception. Calendar periods start on the first day of the month, quarter
or year (or at inception if later); trailing periods start on the same calendar date N
years before ``end`` and need a history at least that long, otherwise their row is
undefined with a reason. The length is ``(end - start).days``.

MWR is the XIRR of: -(equity at the period's start) on ``start``, -in_t and +out_t on
each snapshot date, +equity_balance on ``end``. From 365 days on it is the annual rate;
under 365 days it is the period's own money-weighted return (1 + xirr)^(days / 365) - 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pandas as pd

from equity.analytics.figures import Figure
from equity.analytics.history import Snapshot, snapshots
from equity.analytics.returns import (
    DAYS_PER_YEAR,
    DailyReturns,
    returns_of_snapshots,
    time_weighted_return,
)
from equity.analytics.xirr import xirr

SINCE_INCEPTION = "Since inception"
PERIOD_LABELS = ("MTD", "QTD", "YTD", "1Y", "3Y", SINCE_INCEPTION)


@dataclass(frozen=True)
class Period:
    """A labelled date range; ``unavailable`` says why it has no figures, if so."""

    label: str
    start: date
    end: date
    unavailable: str | None = None

    @property
    def days(self) -> int:
        return (self.end - self.start).days


@dataclass(frozen=True)
class PeriodPerformance:
    """One row of the period table. ``reasons`` maps a field name to why it is None."""

    label: str
    start: date
    end: date
    days: int
    twr: float | None
    twr_annualized: float | None
    mwr: float | None
    pnl: Decimal | None
    net_flows: Decimal | None
    undefined_days: int
    reasons: Mapping[str, str] = field(default_factory=dict)


def standard_periods(end: date, inception_date: date) -> list[Period]:
    """MTD, QTD, YTD, 1Y, 3Y and since inception, all ending on ``end``."""
    quarter_month = 3 * ((end.month - 1) // 3) + 1
    calendar = {
        "MTD": date(end.year, end.month, 1),
        "QTD": date(end.year, quarter_month, 1),
        "YTD": date(end.year, 1, 1),
    }
    periods = [Period(label, max(start, inception_date), end) for label, start in calendar.items()]
    for years in (1, 3):
        start = years_before(end, years)
        missing = None
        if start < inception_date:
            missing = (
                f"undefined because the history starts on {inception_date}, "
                f"less than {years} year{'s' if years > 1 else ''} before {end}"
            )
        periods.append(Period(f"{years}Y", start, end, missing))
    periods.append(Period(SINCE_INCEPTION, inception_date, end))
    return periods


def years_before(day: date, years: int) -> date:
    """The same calendar date ``years`` earlier; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def period_table(
    history: pd.DataFrame, opening_equity: Decimal, inception_date: date
) -> list[PeriodPerformance]:
    """The standard periods ending at the latest snapshot (the inception date if none)."""
    rows = snapshots(history, inception_date)
    daily = returns_of_snapshots(rows, opening_equity)
    return periods_of(rows, daily, opening_equity, inception_date)


def periods_of(
    rows: Sequence[Snapshot], daily: DailyReturns, opening_equity: Decimal, inception_date: date
) -> list[PeriodPerformance]:
    """The standard periods of rows and returns already computed; since inception is last."""
    end = rows[-1].date if rows else inception_date
    return [
        performance_of_period(rows, daily, opening_equity, period)
        for period in standard_periods(end, inception_date)
    ]


def period_table_frame(table: Sequence[PeriodPerformance]) -> pd.DataFrame:
    """The period table as a DataFrame for display, one row per period."""
    columns = ["label", "start", "end", "days", "twr", "twr_annualized", "mwr", "pnl", "net_flows"]
    return pd.DataFrame([{name: getattr(row, name) for name in columns} for row in table])


def performance_of_period(
    rows: Sequence[Snapshot], daily: DailyReturns, opening_equity: Decimal, period: Period
) -> PeriodPerformance:
    """TWR, MWR, P&L and net flows over one period of validated rows."""
    if period.unavailable:
        reasons = dict.fromkeys(
            ("twr", "twr_annualized", "mwr", "pnl", "net_flows"), period.unavailable
        )
        return PeriodPerformance(
            period.label,
            period.start,
            period.end,
            period.days,
            None,
            None,
            None,
            None,
            None,
            0,
            reasons,
        )
    twr = time_weighted_return(daily, period.start, period.end)
    inside = [row for row in rows if period.start <= row.date <= period.end]
    mwr = money_weighted_return(rows, opening_equity, period)
    reasons = dict(twr.reasons)
    if mwr.reason:
        reasons["mwr"] = mwr.reason
    return PeriodPerformance(
        label=period.label,
        start=period.start,
        end=period.end,
        days=period.days,
        twr=twr.twr,
        twr_annualized=twr.twr_annualized,
        mwr=mwr.value,
        pnl=sum((row.daily_pnl for row in inside), Decimal(0)),
        net_flows=sum((row.equity_inflow - row.equity_outflow for row in inside), Decimal(0)),
        undefined_days=twr.undefined_days,
        reasons=reasons,
    )


def money_weighted_return(
    rows: Sequence[Snapshot], opening_equity: Decimal, period: Period
) -> Figure:
    """The XIRR-based MWR of a period (see the module docstring for its cash flows)."""
    before = [row for row in rows if row.date < period.start]
    inside = [row for row in rows if period.start <= row.date <= period.end]
    if not inside:
        return Figure.undefined(
            f"undefined because there is no snapshot from {period.start} to {period.end}"
        )
    if period.days == 0:
        return Figure.undefined(f"undefined because the period starts and ends on {period.end}")
    base = before[-1].equity_balance if before else opening_equity
    flows = [(period.start, -base)]
    flows += [(row.date, row.equity_outflow - row.equity_inflow) for row in inside]
    flows.append((period.end, inside[-1].equity_balance))
    result = xirr(flows)
    if result.log_rate is None:
        return Figure.undefined(result.reason or "undefined")
    if period.days >= DAYS_PER_YEAR:
        if result.rate is None:
            return Figure.undefined(result.reason or "undefined")
        return Figure(result.rate)
    return Figure(result.over_days(period.days))
