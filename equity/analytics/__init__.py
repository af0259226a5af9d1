"""Pure performance analytics over a portfolio's snapshot history: no database, no Streamlit.

Input (see :mod:`equity.analytics.history`): a DataFrame with one row per snapshot date in
ascending order and columns ``date``, ``daily_pnl``, ``equity_inflow``, ``equity_outflow``,
``equity_balance`` (Decimal), plus the opening equity and the inception date passed
separately. Money stays Decimal; ratios are floats; an undefined ratio is None with a
sentence saying why.
"""

from equity.analytics.benchmark import BenchmarkComparison, compare_to_benchmark
from equity.analytics.benchmark_views import (
    BenchmarkPeriod,
    benchmark_growth,
    benchmark_monthly_table,
    benchmark_periods,
)
from equity.analytics.dietz import modified_dietz, monthly_modified_dietz
from equity.analytics.figures import Figure
from equity.analytics.history import HISTORY_COLUMNS, empty_history, history_frame, snapshots
from equity.analytics.monthly import monthly_returns_table, rolling_returns
from equity.analytics.periods import (
    MoneyWeightedReturns,
    Period,
    PeriodPerformance,
    money_weighted_return,
    money_weighted_returns,
    period_table,
    period_table_frame,
    standard_periods,
)
from equity.analytics.returns import (
    DailyReturns,
    TwrResult,
    annualize,
    chain_link,
    daily_returns,
    time_weighted_return,
    twr_index,
)
from equity.analytics.risk import (
    DrawdownResult,
    annualized_volatility,
    best_day,
    drawdown,
    sharpe_ratio,
    short_history_caveat,
    worst_day,
)
from equity.analytics.summary import PerformanceSummary, performance_summary
from equity.analytics.xirr import XirrResult, xirr, xnpv

__all__ = [
    "HISTORY_COLUMNS",
    "BenchmarkComparison",
    "BenchmarkPeriod",
    "DailyReturns",
    "DrawdownResult",
    "Figure",
    "MoneyWeightedReturns",
    "PerformanceSummary",
    "Period",
    "PeriodPerformance",
    "TwrResult",
    "XirrResult",
    "annualize",
    "annualized_volatility",
    "benchmark_growth",
    "benchmark_monthly_table",
    "benchmark_periods",
    "best_day",
    "chain_link",
    "compare_to_benchmark",
    "daily_returns",
    "drawdown",
    "empty_history",
    "history_frame",
    "modified_dietz",
    "money_weighted_return",
    "money_weighted_returns",
    "monthly_modified_dietz",
    "monthly_returns_table",
    "performance_summary",
    "period_table",
    "period_table_frame",
    "rolling_returns",
    "sharpe_ratio",
    "short_history_caveat",
    "snapshots",
    "standard_periods",
    "time_weighted_return",
    "twr_index",
    "worst_day",
    "xirr",
    "xnpv",
]
