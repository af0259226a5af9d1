"""The performance report: a portfolio's history handed once to the pure analytics.

Every derived figure (daily returns, drawdown, period table, summary) is computed when
the report is built, so the Performance page's faces and the CLI read the same values and
none of them runs the drawdown again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from equity.analytics.benchmark import BenchmarkComparison, compare_to_benchmark
from equity.analytics.benchmark_views import BenchmarkPeriod, benchmark_periods
from equity.analytics.periods import PeriodPerformance
from equity.analytics.report import performance_figures
from equity.analytics.returns import DailyReturns
from equity.analytics.risk import DrawdownResult
from equity.analytics.summary import PerformanceSummary, performance_summary
from equity.reads.history import History, equity_history
from equity.services.benchmarks import benchmark_closes
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
    """Everything the Performance page and ``performance --benchmark`` show, computed once.

    The portfolio's figures never depend on the benchmark: ``summary`` and ``periods`` run
    from inception whatever was chosen; ``benchmark_periods`` (one per period, None
    without a benchmark) only fill the dates the benchmark covers.
    """

    history: History
    summary: PerformanceSummary
    periods: list[PeriodPerformance]
    daily: DailyReturns
    drawdown: DrawdownResult
    benchmark: BenchmarkComparison | None
    benchmark_periods: list[BenchmarkPeriod] | None = None


def performance_detail(
    db: Database, portfolio_ref: str | uuid.UUID, benchmark: str | None = None
) -> PerformanceDetail:
    """Summary, period table, daily returns, drawdown and, when named, the benchmark."""
    history = equity_history(db, portfolio_ref)
    figures = performance_figures(
        history.frame, history.portfolio.opening_equity, history.portfolio.inception_date
    )
    comparison = rows = None
    if benchmark:
        comparison = compare_to_benchmark(figures.daily.returns, benchmark_closes(db, benchmark))
        rows = benchmark_periods(comparison, figures.daily.returns, figures.periods)
    return PerformanceDetail(
        history=history,
        summary=figures.summary,
        periods=figures.periods,
        daily=figures.daily,
        drawdown=figures.drawdown,
        benchmark=comparison,
        benchmark_periods=rows,
    )
