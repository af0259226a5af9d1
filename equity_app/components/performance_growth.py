"""Growth of 1 since inception, the chosen benchmark beside it, with the comparison figures.

The portfolio's line always runs from inception: a benchmark that covers fewer dates is
drawn where it has data, with a note saying which dates, and never cuts the portfolio's.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from equity.analytics import BenchmarkComparison, twr_index
from equity.analytics.benchmark_views import benchmark_growth, covers_whole_history
from equity.analytics.risk import short_history_caveat
from equity.reads.performance import PerformanceDetail
from equity_app.components import empty_state, performance_charts
from equity_app.format import day, percent
from equity_app.literal import md

DASH = "—"


PORTFOLIO_LINE = "Portfolio (TWR)"


def show(detail: PerformanceDetail, benchmark: str | None, imported: bool = True) -> None:
    """The chart, then (with a benchmark) what it covers and the figures over those days.

    ``imported`` says whether any benchmark exists: with none, point to the Data page.
    """
    comparison = detail.benchmark
    if benchmark is None and not imported:
        st.info(
            "No benchmark yet. Import an index's daily closes (a CSV of `date,close`) under a "
            "name on the Data page to compare this portfolio with it.",
            icon=":material/compare_arrows:",
        )
        st.page_link(empty_state.DATA_PAGE, label="Import a benchmark", icon=":material/upload:")
    st.plotly_chart(
        performance_charts.growth_chart(growth_lines(detail, benchmark)),
        width="stretch",
        key="performance_growth_chart",
    )
    if comparison is None or benchmark is None:
        return
    if comparison.growth.empty:
        st.warning(
            f"{md(benchmark)} cannot be compared: {_why(comparison, 'benchmark_return')}.",
            icon=":material/warning:",
        )
        return
    if not covers_whole_history(comparison, detail.daily.returns):
        st.info(coverage_note(comparison, benchmark, detail), icon=":material/date_range:")
    _comparison(comparison, benchmark)


def growth_lines(detail: PerformanceDetail, benchmark: str | None) -> dict[str, pd.Series]:
    """The portfolio's growth of 1 from inception, then the benchmark's where it has data."""
    returns = detail.daily.returns
    inception = detail.summary.start
    lines = {PORTFOLIO_LINE: rebased(twr_index(returns), returns, inception)}
    comparison = detail.benchmark
    if benchmark is not None and comparison is not None and not comparison.paired.empty:
        lines[benchmark] = benchmark_growth(comparison, returns, inception)
    return lines


def coverage_note(
    comparison: BenchmarkComparison, benchmark: str, detail: PerformanceDetail
) -> str:
    """Which dates the benchmark covers, when that is less than the portfolio's history."""
    summary = detail.summary
    return (
        f"{md(benchmark)} covers only {day(comparison.first_date)} to "
        f"{day(comparison.last_date)} of this portfolio's {day(summary.start)} to "
        f"{day(summary.end)}. Its line starts at the portfolio's growth on that day, so "
        "the two compare from there; the portfolio's own figures still run from inception, "
        "and the comparison below covers only the shared days."
    )


def rebased(growth: pd.Series, returns: pd.Series, inception: date) -> pd.Series:
    """The growth series with its starting 1.0: the return date before its first, or inception.

    Each return runs from the previous return date, so that is where the line starts.
    """
    if growth.empty:
        return growth
    dates = list(returns.index)
    first = growth.index[0]
    position = dates.index(first) if first in dates else 0
    start = dates[position - 1] if position > 0 else min(inception, first)
    if start == first:
        return growth
    head = pd.Series([1.0], index=pd.Index([start], dtype=object))
    return pd.concat([head, growth.astype(float)])


def _comparison(comparison: BenchmarkComparison, benchmark: str) -> None:
    start, end = comparison.growth.index[0], comparison.growth.index[-1]
    count = comparison.observations
    st.caption(
        f"Over the {count} snapshot day{'' if count == 1 else 's'} from {day(start)} to "
        f"{day(end)} on which both the portfolio and {md(benchmark)} have a return."
    )
    caveat = short_history_caveat(start, end)  # tracking error is a yearly figure
    columns = [*st.columns(3), *st.columns(3)]
    for column, label, name, text, help_text in (
        (
            columns[0],
            "Portfolio, same days",
            "portfolio_return",
            percent,
            "TWR over the days both have a return only; the since-inception TWR is above.",
        ),
        (
            columns[1],
            f"{md(benchmark)}, same days",
            "benchmark_return",
            percent,
            "The index's price return over the same days.",
        ),
        (
            columns[2],
            "Excess return",
            "excess_return",
            lambda v: percent(v, signed=True),
            "Portfolio return minus benchmark return.",
        ),
        (
            columns[3],
            "Beta",
            "beta",
            lambda v: f"{v:.2f}",
            "How much the portfolio moves per 1 % move of the benchmark.",
        ),
        (
            columns[4],
            "Correlation",
            "correlation",
            lambda v: f"{v:.2f}",
            "How closely daily returns move together, from -1 to 1.",
        ),
        (
            columns[5],
            "Tracking error",
            "tracking_error",
            percent,
            "Annualized volatility of the daily return difference.",
        ),
    ):
        value = getattr(comparison, name)
        note = caveat if name == "tracking_error" and value is not None else None
        column.metric(
            label,
            DASH if value is None else text(value),
            delta=note,
            delta_color="off",
            delta_arrow="off",
            help=help_text if value is not None else f"{help_text} {_why(comparison, name)}.",
            border=True,
            height="stretch",
        )


def _why(comparison: BenchmarkComparison, name: str) -> str:
    return comparison.reasons.get(name, "undefined for these dates")
