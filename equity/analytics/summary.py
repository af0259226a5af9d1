"""The since-inception performance summary behind ``python -m equity performance --json``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pandas as pd

from equity.analytics.history import Snapshot, snapshots
from equity.analytics.periods import (
    SINCE_INCEPTION,
    Period,
    PeriodPerformance,
    performance_of_period,
)
from equity.analytics.returns import DailyReturns, returns_of_snapshots
from equity.analytics.risk import DrawdownResult, annualized_volatility, drawdown

#: The summary's ratios that may be None, each with a reason when it is.
SUMMARY_RATIOS = frozenset(
    {
        "twr",
        "twr_annualized",
        "mwr",
        "mwr_cumulative",
        "mwr_annualized",
        "max_drawdown",
        "volatility",
    }
)


@dataclass(frozen=True)
class PerformanceSummary:
    """Since-inception figures: ratios as float or None, money as exact Decimal.

    ``reasons`` maps the name of each None ratio to the sentence that explains it; it is
    for screens and is not part of the JSON contract (built by :mod:`equity.output`).
    """

    start: date
    end: date
    twr: float | None
    twr_annualized: float | None
    mwr: float | None
    mwr_cumulative: float | None
    mwr_annualized: float | None
    max_drawdown: float | None
    volatility: float | None
    undefined_days: int
    net_contributions: Decimal
    cumulative_pnl: Decimal
    current_equity: Decimal
    reasons: Mapping[str, str] = field(default_factory=dict)


def performance_summary(
    history: pd.DataFrame, opening_equity: Decimal, inception_date: date
) -> PerformanceSummary:
    """Summarize a portfolio from its inception to its latest snapshot (never today).

    With no snapshots the period is the inception date alone, equity is the opening
    equity and every ratio is None with a reason.
    """
    rows = snapshots(history, inception_date)
    end = rows[-1].date if rows else inception_date
    daily = returns_of_snapshots(rows, opening_equity)
    period = performance_of_period(
        rows, daily, opening_equity, Period(SINCE_INCEPTION, inception_date, end)
    )
    falls = drawdown(daily.returns, inception_date)
    return summarize(rows, daily, falls, period, opening_equity, inception_date)


def summarize(
    rows: Sequence[Snapshot],
    daily: DailyReturns,
    falls: DrawdownResult,
    since_inception: PeriodPerformance,
    opening_equity: Decimal,
    inception_date: date,
) -> PerformanceSummary:
    """The summary from figures already computed (see :mod:`equity.analytics.report`)."""
    volatility = annualized_volatility(daily.returns)
    reasons = {
        name: reason
        for name, reason in {
            **since_inception.reasons,
            "max_drawdown": falls.reason,
            "volatility": volatility.reason,
        }.items()
        if reason and name in SUMMARY_RATIOS
    }
    if not rows:
        reasons = dict.fromkeys(reasons, "undefined because the portfolio has no snapshots yet")
    return PerformanceSummary(
        start=inception_date,
        end=since_inception.end,
        twr=since_inception.twr,
        twr_annualized=since_inception.twr_annualized,
        mwr=since_inception.mwr,
        mwr_cumulative=since_inception.mwr_cumulative,
        mwr_annualized=since_inception.mwr_annualized,
        max_drawdown=falls.max_drawdown,
        volatility=volatility.value,
        undefined_days=len(daily.undefined),
        net_contributions=opening_equity
        + sum((row.equity_inflow - row.equity_outflow for row in rows), Decimal(0)),
        cumulative_pnl=sum((row.daily_pnl for row in rows), Decimal(0)),
        current_equity=rows[-1].equity_balance if rows else opening_equity,
        reasons=reasons,
    )
