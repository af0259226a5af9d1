"""The portfolio against a benchmark index: growth of 1, excess return, beta, correlation.

The benchmark is aligned on the portfolio's return dates, its close taken as of each
date (the last close on or before it, so weekends and holidays carry the previous
close). Its return on a date runs from its value as of the previous portfolio date (as
of the day before, for the first date), matching the span of the portfolio's return.
Dates where the benchmark has no value yet are left out of both series, and so are dates
after its history ends: a close more than :data:`STALE_AFTER_DAYS` days old stands in for
a weekend or a holiday, not for the months after an index's last imported close (which
would draw it flat and call it 0 %).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pandas as pd

from equity.analytics.returns import chain_link
from equity.analytics.risk import TRADING_DAYS_PER_YEAR

#: The oldest close that still stands in for a date: a long weekend plus a holiday week.
STALE_AFTER_DAYS = 7
#: The columns of the aligned daily returns.
_PAIRED = ["portfolio", "benchmark"]


@dataclass(frozen=True)
class BenchmarkComparison:
    """Side-by-side figures; ``reasons`` maps a field name to why it is None.

    ``excess_return`` is the portfolio's cumulative return minus the benchmark's;
    ``tracking_error`` is the sample stdev of daily return differences x sqrt(252).
    """

    growth: pd.DataFrame
    portfolio_return: float | None
    benchmark_return: float | None
    excess_return: float | None
    beta: float | None
    correlation: float | None
    tracking_error: float | None
    observations: int
    reasons: Mapping[str, str] = field(default_factory=dict)
    paired: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=_PAIRED))

    @property
    def first_date(self) -> date | None:
        """The first portfolio return date the benchmark covers (None: no overlap)."""
        return self.paired.index[0] if len(self.paired) else None

    @property
    def last_date(self) -> date | None:
        """The last portfolio return date the benchmark covers (None: no overlap)."""
        return self.paired.index[-1] if len(self.paired) else None


def compare_to_benchmark(
    portfolio_returns: pd.Series, benchmark_prices: pd.Series
) -> BenchmarkComparison:
    """Compare date-indexed daily portfolio returns with date-indexed benchmark closes."""
    paired = aligned_returns(portfolio_returns, benchmark_prices)
    growth = (1.0 + paired).cumprod()
    reasons: dict[str, str] = {}
    if paired.empty:
        reason = "undefined because the benchmark has no closes over the portfolio's dates"
        reasons = dict.fromkeys(_FIGURES, reason)
        return BenchmarkComparison(
            growth, None, None, None, None, None, None, 0, reasons, paired=paired
        )
    portfolio_total = chain_link(paired["portfolio"])
    benchmark_total = chain_link(paired["benchmark"])
    beta, correlation, tracking = _co_movement(paired, reasons)
    return BenchmarkComparison(
        growth=growth,
        portfolio_return=portfolio_total,
        benchmark_return=benchmark_total,
        excess_return=portfolio_total - benchmark_total,
        beta=beta,
        correlation=correlation,
        tracking_error=tracking,
        observations=len(paired),
        reasons=reasons,
        paired=paired,
    )


def aligned_returns(portfolio_returns: pd.Series, benchmark_prices: pd.Series) -> pd.DataFrame:
    """Columns ``portfolio`` and ``benchmark`` of daily returns on the common dates."""
    closes = sorted(
        (_as_date(day), float(price))
        for day, price in benchmark_prices.dropna().items()
        if float(price) > 0
    )
    close_dates = [day for day, _ in closes]

    def close_as_of(day: date) -> float | None:
        position = bisect.bisect_right(close_dates, day)
        return closes[position - 1][1] if position else None

    def fresh_close_on(day: date) -> float | None:
        """The close as of ``day`` unless the index's history ended well before it."""
        position = bisect.bisect_right(close_dates, day)
        if not position or (day - close_dates[position - 1]).days > STALE_AFTER_DAYS:
            return None
        return closes[position - 1][1]

    records = {}
    days = [_as_date(day) for day in portfolio_returns.index]
    previous = days[0] - timedelta(days=1) if days else None
    for day, value in zip(days, portfolio_returns.astype(float), strict=True):
        now, then = fresh_close_on(day), close_as_of(previous)
        if now is not None and then is not None:
            records[day] = (value, now / then - 1.0)
        previous = day
    frame = pd.DataFrame.from_dict(records, orient="index", columns=_PAIRED)
    return frame.astype(float)


_FIGURES = (
    "portfolio_return",
    "benchmark_return",
    "excess_return",
    "beta",
    "correlation",
    "tracking_error",
)


def _co_movement(
    paired: pd.DataFrame, reasons: dict[str, str]
) -> tuple[float | None, float | None, float | None]:
    """Beta, correlation and tracking error, recording a reason for each one undefined."""
    if len(paired) < 2:
        reason = "undefined because it needs at least two days with both returns"
        reasons.update(dict.fromkeys(("beta", "correlation", "tracking_error"), reason))
        return None, None, None
    portfolio, benchmark = paired["portfolio"], paired["benchmark"]
    variance = float(benchmark.var(ddof=1))
    beta = correlation = None
    if variance > 0:
        beta = float(portfolio.cov(benchmark, ddof=1)) / variance
    else:
        reasons["beta"] = "undefined because the benchmark's daily returns never varied"
    if variance > 0 and float(portfolio.var(ddof=1)) > 0:
        correlation = float(portfolio.corr(benchmark))
    else:
        reasons["correlation"] = "undefined because one of the return series never varied"
    tracking = float((portfolio - benchmark).std(ddof=1)) * math.sqrt(TRADING_DAYS_PER_YEAR)
    return beta, correlation, tracking


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise ValueError(f"{value!r} is not a date")
