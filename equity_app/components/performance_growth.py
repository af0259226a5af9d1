"""Growth of 1 since inception, against the chosen benchmark, with the comparison figures."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from equity.analytics import BenchmarkComparison, twr_index
from equity.reads.performance import PerformanceDetail
from equity_app.components import empty_state, performance_charts
from equity_app.format import day, percent
from equity_app.literal import md

DASH = "—"


def show(detail: PerformanceDetail, benchmark: str | None) -> None:
    returns = detail.daily.returns
    inception = detail.summary.start
    comparison = detail.benchmark
    if benchmark is None:
        st.info(
            "No benchmark yet. Import an index's daily closes (a CSV of `date,close`) under a "
            "name on the Data page to compare this portfolio with it.",
            icon=":material/compare_arrows:",
        )
        st.page_link(empty_state.DATA_PAGE, label="Import a benchmark", icon=":material/upload:")
    if comparison is None or comparison.growth.empty:
        if comparison is not None:
            st.warning(
                f"{md(benchmark)} cannot be compared: {_why(comparison, 'benchmark_return')}.",
                icon=":material/warning:",
            )
        lines = {"Portfolio (TWR)": rebased(twr_index(returns), returns, inception)}
    else:
        lines = {
            "Portfolio (TWR)": rebased(comparison.growth["portfolio"], returns, inception),
            benchmark: rebased(comparison.growth["benchmark"], returns, inception),
        }
    st.plotly_chart(
        performance_charts.growth_chart(lines), width="stretch", key="performance_growth_chart"
    )
    if comparison is not None and not comparison.growth.empty:
        _comparison(comparison, benchmark or "")


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
    columns = [*st.columns(3), *st.columns(3)]
    for column, label, name, text, help_text in (
        (columns[0], "Portfolio", "portfolio_return", percent, "TWR over the common days."),
        (columns[1], md(benchmark), "benchmark_return", percent, "The index's price return."),
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
        column.metric(
            label,
            DASH if value is None else text(value),
            help=help_text if value is not None else f"{help_text} {_why(comparison, name)}.",
            border=True,
            height="stretch",
        )


def _why(comparison: BenchmarkComparison, name: str) -> str:
    return comparison.reasons.get(name, "undefined for these dates")
