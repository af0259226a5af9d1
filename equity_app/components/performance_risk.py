"""Side by side: the underwater chart (drawdown) and the rolling 12-month return."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from equity.analytics import DrawdownResult, rolling_returns
from equity.reads.performance import PerformanceDetail
from equity_app.components import performance_charts
from equity_app.format import day

ROLLING_MONTHS = 12


def show(detail: PerformanceDetail) -> None:
    returns = detail.daily.returns
    inception = detail.summary.start
    left, right = st.columns(2)
    with left:
        st.subheader("Drawdown")
        st.caption("How far the TWR index stood below its previous high; 0 at a new high.")
        falls = detail.drawdown
        if not falls.max_drawdown:
            st.info(
                "The TWR index has never closed below a previous high: no drawdown yet.",
                icon=":material/trending_up:",
            )
        else:
            _underwater(falls, inception)
    with right:
        st.subheader(f"Rolling {ROLLING_MONTHS}-month return")
        rolling = rolling_returns(returns, inception, ROLLING_MONTHS)
        st.caption(
            "The TWR of the trailing twelve months at every date: is the latest year better "
            "or worse than the ones before?"
        )
        if rolling.empty:
            st.info(
                f"A {ROLLING_MONTHS}-month window needs a year of history; this one starts on "
                f"{day(inception)} and ends on {day(detail.summary.end)}.",
                icon=":material/hourglass_empty:",
            )
            return
        st.plotly_chart(
            performance_charts.rolling_chart(rolling, ROLLING_MONTHS),
            width="stretch",
            key="performance_rolling_chart",
        )


def _underwater(falls: DrawdownResult, inception: date) -> None:
    series = falls.series
    if inception not in series.index:  # the index stands at its first high on inception
        head = pd.Series([0.0], index=pd.Index([inception], dtype=object))
        series = pd.concat([head, series])
    st.plotly_chart(
        performance_charts.underwater_chart(series, falls.trough_date),
        width="stretch",
        key="performance_drawdown_chart",
    )
