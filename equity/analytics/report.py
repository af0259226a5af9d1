"""Every derived figure of one history, computed once: the faces read, never recompute.

The Performance page shows the drawdown in its headline, its risk chart and its caption,
and the CLI prints it; before this module each of them ran the drawdown (and the daily
returns) again. :func:`performance_figures` validates the rows, chains the returns, finds
the drawdown and fills the period table once; the since-inception summary reuses the
period table's since-inception row instead of chaining it a second time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pandas as pd

from equity.analytics import risk
from equity.analytics.history import snapshots
from equity.analytics.periods import PeriodPerformance, periods_of
from equity.analytics.returns import DailyReturns, returns_of_snapshots
from equity.analytics.summary import PerformanceSummary, summarize


@dataclass(frozen=True)
class PerformanceFigures:
    """Daily returns, drawdown, period table and summary of one history, all computed."""

    daily: DailyReturns
    drawdown: risk.DrawdownResult
    periods: list[PeriodPerformance]
    summary: PerformanceSummary


def performance_figures(
    history: pd.DataFrame, opening_equity: Decimal, inception_date: date
) -> PerformanceFigures:
    """The whole report from inception to the latest snapshot (never today)."""
    rows = snapshots(history, inception_date)
    daily = returns_of_snapshots(rows, opening_equity)
    falls = risk.drawdown(daily.returns, inception_date)
    periods = periods_of(rows, daily, opening_equity, inception_date)
    since_inception = periods[-1]
    summary = summarize(rows, daily, falls, since_inception, opening_equity, inception_date)
    return PerformanceFigures(daily=daily, drawdown=falls, periods=periods, summary=summary)
