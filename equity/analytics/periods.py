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
That ``mwr`` mixes two bases (the CLI contract keeps it), so every row also carries MWR
on TWR's two bases: ``mwr_cumulative`` (always the period's own return) and
``mwr_annualized`` (the annual rate, from 365 days on only, as ``twr_annualized``).
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
    mwr_cumulative: float | None = None
    mwr_annualized: float | None = None


@dataclass(frozen=True)
class MoneyWeightedReturns:
    """One period's XIRR on every basis the faces show.

    ``reported`` is the contract's ``mwr`` (annual from a year on, the period's own return
    under a year); ``cumulative`` and ``annualized`` are the same two bases as TWR's.
    """

    reported: Figure
    cumulative: Figure
    annualized: Figure

    @classmethod
    def undefined(cls, reason: str) -> MoneyWeightedReturns:
        missing = Figure.undefined(reason)
        return cls(missing, missing, missing)


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


#: The figures of a period row, each blank with a reason when the period cannot have it.
PERIOD_FIGURES = (
    "twr",
    "twr_annualized",
    "mwr",
    "mwr_cumulative",
    "mwr_annualized",
    "pnl",
    "net_flows",
)


def period_table_frame(table: Sequence[PeriodPerformance]) -> pd.DataFrame:
    """The period table as a DataFrame for display, one row per period."""
    columns = ["label", "start", "end", "days", *PERIOD_FIGURES]
    return pd.DataFrame([{name: getattr(row, name) for name in columns} for row in table])


def performance_of_period(
    rows: Sequence[Snapshot], daily: DailyReturns, opening_equity: Decimal, period: Period
) -> PeriodPerformance:
    """TWR, MWR, P&L and net flows over one period of validated rows."""
    if period.unavailable:
        reasons = dict.fromkeys(PERIOD_FIGURES, period.unavailable)
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
    mwr = money_weighted_returns(rows, opening_equity, period)
    reasons = dict(twr.reasons)
    for name, figure in (
        ("mwr", mwr.reported),
        ("mwr_cumulative", mwr.cumulative),
        ("mwr_annualized", mwr.annualized),
    ):
        if figure.reason:
            reasons[name] = figure.reason
    return PeriodPerformance(
        label=period.label,
        start=period.start,
        end=period.end,
        days=period.days,
        twr=twr.twr,
        twr_annualized=twr.twr_annualized,
        mwr=mwr.reported.value,
        pnl=sum((row.daily_pnl for row in inside), Decimal(0)),
        net_flows=sum((row.equity_inflow - row.equity_outflow for row in inside), Decimal(0)),
        undefined_days=twr.undefined_days,
        reasons=reasons,
        mwr_cumulative=mwr.cumulative.value,
        mwr_annualized=mwr.annualized.value,
    )


def money_weighted_return(
    rows: Sequence[Snapshot], opening_equity: Decimal, period: Period
) -> Figure:
    """The contract's ``mwr`` of a period: annual from a year on, the period's own below."""
    return money_weighted_returns(rows, opening_equity, period).reported


def money_weighted_returns(
    rows: Sequence[Snapshot], opening_equity: Decimal, period: Period
) -> MoneyWeightedReturns:
    """The XIRR-based MWR of a period on every basis (module docstring: its cash flows).

    The XIRR is actual/365 (:data:`equity.analytics.xirr.DAYS_PER_YEAR`), so the
    cumulative figure is ``(1 + annual rate) ** (days / 365) - 1`` with ``days`` the
    period's calendar days: the growth at that rate over exactly this period. It is
    computed from ln(1 + rate), so it exists even when the annual rate of a big gain over
    a few days is too large to show. The annualized figure follows TWR's rule: under 365
    days it is None, because compounding a few weeks into a year invents returns.
    """
    before = [row for row in rows if row.date < period.start]
    inside = [row for row in rows if period.start <= row.date <= period.end]
    if not inside:
        return MoneyWeightedReturns.undefined(
            f"undefined because there is no snapshot from {period.start} to {period.end}"
        )
    if period.days == 0:
        return MoneyWeightedReturns.undefined(
            f"undefined because the period starts and ends on {period.end}"
        )
    base = before[-1].equity_balance if before else opening_equity
    flows = [(period.start, -base)]
    flows += [(row.date, row.equity_outflow - row.equity_inflow) for row in inside]
    flows.append((period.end, inside[-1].equity_balance))
    result = xirr(flows)
    if result.log_rate is None:
        return MoneyWeightedReturns.undefined(result.reason or "undefined")
    over_period = result.over_days(period.days)
    cumulative = (
        Figure(over_period)
        if over_period is not None
        else Figure.undefined("undefined because the period's return is too large to show")
    )
    if period.days < DAYS_PER_YEAR:
        plural = "" if period.days == 1 else "s"
        short = Figure.undefined(
            f"not annualized: the period is {period.days} day{plural}, under a year"
        )
        return MoneyWeightedReturns(reported=cumulative, cumulative=cumulative, annualized=short)
    annual = (
        Figure(result.rate)
        if result.rate is not None
        else Figure.undefined(result.reason or "undefined")
    )
    return MoneyWeightedReturns(reported=annual, cumulative=cumulative, annualized=annual)
