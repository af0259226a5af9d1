"""Performance use cases: the engine's history handed to the pure analytics."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from equity.analytics.benchmark import BenchmarkComparison, compare_to_benchmark
from equity.analytics.periods import PeriodPerformance, period_table
from equity.analytics.returns import DailyReturns, daily_returns
from equity.analytics.summary import PerformanceSummary, performance_summary
from equity.services.benchmarks import benchmark_closes
from equity.services.history import History, equity_history
from equity.storage.database import Database


def performance_report(db: Database, portfolio_ref: str | uuid.UUID) -> PerformanceSummary:
    """Since-inception TWR, MWR, drawdown and volatility of one portfolio."""
    return summary_of(equity_history(db, portfolio_ref))


def summary_of(history: History) -> PerformanceSummary:
    """The since-inception summary of an already-read history (pages reuse their read)."""
    return performance_summary(
        history.frame, history.portfolio.opening_equity, history.portfolio.inception_date
    )


@dataclass(frozen=True)
class PerformanceDetail:
    """Everything the Performance page and ``performance --benchmark`` show."""

    history: History
    summary: PerformanceSummary
    periods: list[PeriodPerformance]
    daily: DailyReturns
    benchmark: BenchmarkComparison | None


def performance_detail(
    db: Database, portfolio_ref: str | uuid.UUID, benchmark: str | None = None
) -> PerformanceDetail:
    """Summary, period table, daily returns and, when named, the benchmark comparison."""
    history = equity_history(db, portfolio_ref)
    opening = history.portfolio.opening_equity
    daily = daily_returns(history.frame, opening)
    comparison = None
    if benchmark:
        comparison = compare_to_benchmark(daily.returns, benchmark_closes(db, benchmark))
    return PerformanceDetail(
        history=history,
        summary=summary_of(history),
        periods=period_table(history.frame, opening, history.portfolio.inception_date),
        daily=daily,
        benchmark=comparison,
    )
