"""Risk figures over the daily return series: drawdown, volatility, Sharpe, extreme days.

All of them read the defined daily returns only (undefined days are not zero-return
days, they are days without a return), and annualize with 252 trading days.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from itertools import accumulate
from typing import NamedTuple

import numpy as np
import pandas as pd

from equity.analytics.figures import Figure

#: Annualises daily volatility, Sharpe and tracking error (sqrt(252)): the one definition.
TRADING_DAYS_PER_YEAR = 252
#: Below this many calendar days of history an annualized risk figure carries a caveat.
DAYS_PER_YEAR = 365


@dataclass(frozen=True)
class DrawdownResult:
    """The drawdown series and its worst episode.

    ``series`` is I_t / max(I_s, s <= t) - 1 for each return date, where the TWR index I
    starts at 1 on the inception date. ``peak_date`` is the inception date when the
    worst fall started from the very first value; ``recovery_date`` is None while the
    index is still below that peak.
    """

    series: pd.Series
    max_drawdown: float | None
    peak_date: date | None
    trough_date: date | None
    recovery_date: date | None
    reason: str | None = None


class ExtremeDay(NamedTuple):
    """The date and return of a best or worst day."""

    date: date
    daily_return: float


def drawdown(returns: pd.Series, inception_date: date) -> DrawdownResult:
    """Max drawdown on the TWR index: min_t(I_t / max_{s<=t} I_s - 1), 0.0 if never below peak.

    Computed as a running sum of log(1 + r) since the last peak, reset to 0 at each new
    peak, then expm1: I_t / peak - 1 directly keeps only ~6 digits of a 1e-10 fall
    (tiny losses on a huge balance), the running sum keeps all of them.
    """
    if returns.empty:
        return DrawdownResult(
            pd.Series(dtype=float, name="drawdown"),
            None,
            None,
            None,
            None,
            "undefined because there are no daily returns yet",
        )
    since_peak = _log_fall_since_peak(returns)
    series = pd.Series(np.expm1(since_peak), index=returns.index, name="drawdown")
    worst = float(series.min())
    if worst >= 0:
        return DrawdownResult(series, 0.0, None, None, None)
    trough = series.idxmin()
    at_peak = since_peak[(since_peak == 0.0) & (since_peak.index <= trough)]
    peak_date = at_peak.index[-1] if len(at_peak) else inception_date
    recovered = since_peak[(since_peak == 0.0) & (since_peak.index > trough)]
    recovery_date = recovered.index[0] if len(recovered) else None
    return DrawdownResult(series, worst, peak_date, trough, recovery_date)


def _log_fall_since_peak(returns: pd.Series) -> pd.Series:
    """log(I_t / max(1, I_s for s <= t)), each day: 0 at a peak, negative below it."""
    steps = np.log1p(returns.to_numpy(dtype=float))
    falls = list(accumulate(steps, lambda fall, step: min(0.0, fall + step), initial=0.0))
    return pd.Series(falls[1:], index=returns.index)


def annualized_volatility(returns: pd.Series) -> Figure:
    """Sample standard deviation (ddof=1) of daily returns x sqrt(252)."""
    if len(returns) < 2:
        return Figure.undefined(_too_few(returns, "volatility"))
    return Figure(float(returns.std(ddof=1)) * math.sqrt(TRADING_DAYS_PER_YEAR))


def sharpe_ratio(returns: pd.Series, risk_free_rate: float = 0.0) -> Figure:
    """Annualized Sharpe ratio: mean / stdev of daily excess returns x sqrt(252).

    ``risk_free_rate`` is annual (0.04 is 4 %), turned into its daily equivalent by
    compounding over 252 trading days so that a cash-like portfolio scores zero.
    """
    if len(returns) < 2:
        return Figure.undefined(_too_few(returns, "Sharpe ratio"))
    daily_risk_free = (1.0 + risk_free_rate) ** (1.0 / TRADING_DAYS_PER_YEAR) - 1.0
    excess = returns.astype(float) - daily_risk_free
    spread = float(excess.std(ddof=1))
    if spread == 0:
        return Figure.undefined("undefined because the daily returns never varied")
    return Figure(float(excess.mean()) / spread * math.sqrt(TRADING_DAYS_PER_YEAR))


def best_day(returns: pd.Series) -> ExtremeDay | None:
    """The day with the highest return (the earliest on a tie), or None without returns."""
    if returns.empty:
        return None
    day = returns.idxmax()
    return ExtremeDay(day, float(returns[day]))


def worst_day(returns: pd.Series) -> ExtremeDay | None:
    """The day with the lowest return (the earliest on a tie), or None without returns."""
    if returns.empty:
        return None
    day = returns.idxmin()
    return ExtremeDay(day, float(returns[day]))


def _too_few(returns: pd.Series, what: str) -> str:
    if returns.empty:
        return f"undefined because there are no daily returns yet to measure {what}"
    return f"undefined because {what} needs at least two daily returns and there is only one"


def short_history_caveat(start: date, end: date) -> str | None:
    """ "annualized from 88 days" when a yearly risk figure rests on less than a year.

    Volatility, Sharpe and tracking error scale daily figures by sqrt(252) whatever the
    history's length; on a few weeks that is an extrapolation the reader must be told of.
    ``start`` and ``end`` are the history's first and last dates (calendar days, as the
    return periods count them). None from 365 days on.
    """
    days = (end - start).days
    if days >= DAYS_PER_YEAR:
        return None
    return f"annualized from {days} day{'' if days == 1 else 's'}"
