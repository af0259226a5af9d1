"""A benchmark beside the portfolio, never instead of it: period rows, months, growth line.

The portfolio's own figures always run from inception. A benchmark only fills what it
covers: a period or a month gets a benchmark figure when the benchmark has a return on
every portfolio return date in it (otherwise it is undefined with a reason, never a
figure over fewer days passed off as the period's), and its growth line starts where its
data starts, from the portfolio's own level on that day so both lines compare from there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from equity.analytics.benchmark import BenchmarkComparison
from equity.analytics.figures import Figure
from equity.analytics.monthly import MONTH_COLUMNS, monthly_returns_table
from equity.analytics.periods import PeriodPerformance
from equity.analytics.returns import annualize, chain_link, twr_index


@dataclass(frozen=True)
class BenchmarkPeriod:
    """The benchmark's price return over one row of the period table, on TWR's two bases."""

    label: str
    start: date
    end: date
    days: int
    cumulative: Figure
    annualized: Figure


def covers_whole_history(comparison: BenchmarkComparison, portfolio_returns: pd.Series) -> bool:
    """True when the benchmark has a return on every date the portfolio has one."""
    return len(comparison.paired) == len(portfolio_returns) and len(portfolio_returns) > 0


def coverage_reason(comparison: BenchmarkComparison) -> str:
    """Why a benchmark figure is missing, in the dates the benchmark does cover."""
    if comparison.first_date is None:
        return "undefined because the benchmark has no close on the portfolio's dates"
    return (
        f"undefined because the benchmark covers only {comparison.first_date} to "
        f"{comparison.last_date} of the portfolio's dates"
    )


def benchmark_periods(
    comparison: BenchmarkComparison,
    portfolio_returns: pd.Series,
    periods: Sequence[PeriodPerformance],
) -> list[BenchmarkPeriod]:
    """One benchmark row per period of the table, in the same order."""
    return [_benchmark_period(comparison, portfolio_returns, period) for period in periods]


def _benchmark_period(
    comparison: BenchmarkComparison, portfolio_returns: pd.Series, period: PeriodPerformance
) -> BenchmarkPeriod:
    def undefined(reason: str) -> BenchmarkPeriod:
        missing = Figure.undefined(reason)
        return BenchmarkPeriod(
            period.label, period.start, period.end, period.days, missing, missing
        )

    if period.pnl is None:  # the period itself is unavailable (history too short)
        return undefined(period.reasons.get("twr", "undefined for this history"))
    dates = [d for d in portfolio_returns.index if period.start <= d <= period.end]
    if not dates:
        return undefined(f"undefined because the portfolio has no return from {period.start}")
    benchmark = comparison.paired["benchmark"]
    if any(d not in benchmark.index for d in dates):
        return undefined(coverage_reason(comparison))
    cumulative = chain_link(benchmark[dates])
    annual = annualize(cumulative, period.days)
    return BenchmarkPeriod(
        period.label, period.start, period.end, period.days, Figure(cumulative), annual
    )


def benchmark_monthly_table(
    comparison: BenchmarkComparison, portfolio_returns: pd.Series
) -> pd.DataFrame:
    """The benchmark's months as :func:`monthly_returns_table` lays them out.

    A month is NaN unless the benchmark has a return on every portfolio return date in
    it; a year is NaN unless every month the portfolio has in that year is covered, so a
    partial month or year never stands for the whole one.
    """
    benchmark = comparison.paired["benchmark"]
    table = monthly_returns_table(benchmark)
    if table.empty:
        return table
    wanted: dict[tuple[int, int], int] = {}
    for day in portfolio_returns.index:
        wanted[(day.year, day.month)] = wanted.get((day.year, day.month), 0) + 1
    have: dict[tuple[int, int], int] = {}
    for day in benchmark.index:
        have[(day.year, day.month)] = have.get((day.year, day.month), 0) + 1
    for year in table.index:
        complete = True
        for month in MONTH_COLUMNS:
            key = (year, month)
            if key in wanted and have.get(key, 0) < wanted[key]:
                table.loc[year, month] = np.nan
                complete = False
        if not complete:
            table.loc[year, "Year"] = np.nan
    return table


def benchmark_growth(
    comparison: BenchmarkComparison, portfolio_returns: pd.Series, inception: date
) -> pd.Series:
    """The benchmark's growth line, starting at the portfolio's growth of 1 where it starts.

    Its first point is the day its first return runs from (the portfolio's previous return
    date, or the inception date), at the portfolio's index there; then it moves with the
    benchmark's own returns. Empty when the benchmark covers no portfolio date.
    """
    paired = comparison.paired
    if paired.empty:
        return pd.Series(dtype=float)
    index = twr_index(portfolio_returns)
    first = paired.index[0]
    earlier = [d for d in index.index if d < first]
    start, level = (earlier[-1], float(index[earlier[-1]])) if earlier else (inception, 1.0)
    moves = (1.0 + paired["benchmark"].astype(float)).cumprod() * level
    if start == first:
        return moves
    head = pd.Series([level], index=pd.Index([start], dtype=object))
    return pd.concat([head, moves])
