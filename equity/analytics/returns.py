"""Flow-neutral daily returns and the time-weighted return (TWR) of a period.

Deposits count from the start of their day and withdrawals from its end (Portfolio
Performance's TTWROR convention, see DESIGN.md "Returns (flow-neutral)"):

    r_t = pnl_t / (equity_balance_prev + in_t)      prev = opening equity before the first row
    TWR = prod(1 + r_t) - 1

A day whose denominator is <= 0 has no return: it is left out of the chain and counted.
A period [start, end] chains the days with start <= date <= end, so its base is the
equity at the last snapshot before ``start`` (the opening equity for since-inception),
and its length is ``(end - start).days`` calendar days.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pandas as pd

from equity.analytics.figures import Figure
from equity.analytics.history import Snapshot, snapshots

DAYS_PER_YEAR = 365


@dataclass(frozen=True)
class UndefinedDay:
    """A snapshot date that has no return, and why."""

    date: date
    reason: str


@dataclass(frozen=True)
class DailyReturns:
    """The daily return series of a history.

    ``returns`` holds floats indexed by ``datetime.date``, defined days only, ascending;
    ``undefined`` lists the days left out of the chain.
    """

    returns: pd.Series
    undefined: tuple[UndefinedDay, ...] = ()

    def between(self, start: date, end: date) -> DailyReturns:
        """The returns and undefined days with start <= date <= end."""
        inside = [start <= day <= end for day in self.returns.index]
        kept = tuple(u for u in self.undefined if start <= u.date <= end)
        return DailyReturns(self.returns[inside], kept)


@dataclass(frozen=True)
class TwrResult:
    """The time-weighted return of one period, with reasons for any figure left undefined."""

    start: date
    end: date
    days: int
    twr: float | None
    twr_annualized: float | None
    defined_days: int
    undefined_days: int
    reasons: Mapping[str, str] = field(default_factory=dict)


def daily_returns(history: pd.DataFrame, opening_equity: Decimal) -> DailyReturns:
    """Daily flow-neutral returns of a history (see the module docstring for the formula)."""
    return returns_of_snapshots(snapshots(history), opening_equity)


def returns_of_snapshots(rows: Iterable[Snapshot], opening_equity: Decimal) -> DailyReturns:
    """As :func:`daily_returns`, for rows already validated by :func:`snapshots`.

    The division is done in Decimal so the ratio is exact to 28 digits before it
    becomes a float; ratios are not money, so a float is fine from here on.
    """
    dates: list[date] = []
    values: list[float] = []
    undefined: list[UndefinedDay] = []
    previous = opening_equity
    for row in rows:
        capital = previous + row.equity_inflow
        if capital > 0:
            dates.append(row.date)
            values.append(float(row.daily_pnl / capital))
        else:
            undefined.append(UndefinedDay(row.date, undefined_day_reason(row.date, capital)))
        previous = row.equity_balance
    series = pd.Series(values, index=pd.Index(dates, dtype=object), dtype=float, name="return")
    return DailyReturns(series, tuple(undefined))


def undefined_day_reason(day: date, capital: Decimal) -> str:
    """The sentence shown for a day that has no return."""
    if capital == 0:
        return f"undefined because the portfolio had no capital at the start of {day}"
    return (
        f"undefined because the portfolio's capital at the start of {day} was negative ({capital})"
    )


def chain_link(returns: Iterable[float]) -> float:
    """Compound period returns: prod(1 + r) - 1 (0.0 for no returns).

    As expm1(fsum(log1p(r))): ``1.0 + r`` would drop all but a few digits of a tiny
    return (1e-10 on a huge balance) and ``prod(...) - 1`` cancel the rest, while log1p,
    an exactly rounded sum and expm1 keep about 1e-15 relative. A day that loses
    everything or more (r <= -1) has no logarithm: then the plain product.
    """
    values = [float(r) for r in returns]
    if any(r <= -1.0 for r in values):
        return math.prod(1.0 + r for r in values) - 1.0
    return math.expm1(math.fsum(math.log1p(r) for r in values))


def annualize(total_return: float | None, days: int) -> Figure:
    """``(1 + R)^(365 / days) - 1`` for periods of a year or more; None under a year.

    Shorter periods are not annualized because compounding a few weeks into a year
    invents returns nobody earned.
    """
    if total_return is None:
        return Figure.undefined("not annualized because the return itself is undefined")
    if days < DAYS_PER_YEAR:
        return Figure.undefined(
            f"not annualized: the period is {days} day{'' if days == 1 else 's'}, under a year"
        )
    if total_return < -1.0:
        return Figure.undefined("not annualized: the period lost more than everything invested")
    if total_return == -1.0:
        return Figure(-1.0)
    # expm1(log1p(R) * 365 / days) is (1 + R)^(365 / days) - 1 without losing a tiny R.
    return Figure(math.expm1(math.log1p(total_return) * DAYS_PER_YEAR / days))


def time_weighted_return(daily: DailyReturns, start: date, end: date) -> TwrResult:
    """Chain the defined daily returns with start <= date <= end, annualized from a year on."""
    inside = daily.between(start, end)
    days = (end - start).days
    reasons: dict[str, str] = {}
    twr: float | None = None
    if len(inside.returns):
        twr = chain_link(inside.returns)
    else:
        reasons["twr"] = _no_returns_reason(inside.undefined, start, end)
    annual = annualize(twr, days)
    if annual.reason:
        reasons["twr_annualized"] = annual.reason
    return TwrResult(
        start=start,
        end=end,
        days=days,
        twr=twr,
        twr_annualized=annual.value,
        defined_days=len(inside.returns),
        undefined_days=len(inside.undefined),
        reasons=reasons,
    )


def twr_index(returns: pd.Series) -> pd.Series:
    """Growth of 1 through the returns: I_t = prod(1 + r_s, s <= t)."""
    return (1.0 + returns.astype(float)).cumprod().rename("index")


def _no_returns_reason(undefined: tuple[UndefinedDay, ...], start: date, end: date) -> str:
    if not undefined:
        return f"undefined because there is no snapshot from {start} to {end}"
    first = undefined[0].reason
    if len(undefined) == 1:
        return first
    return f"{first}, nor on any of the other {len(undefined) - 1} snapshot day(s) in the period"
