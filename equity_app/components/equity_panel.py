"""The dashboard's equity chart with its window (1M, 3M, YTD, 1Y, All) chosen above it.

The window is cut on the server, not by Plotly's range buttons: those only move the x
axis, and Plotly never refits the y axis to the days left visible (plotly.js issue
#1876), so a month of a large fund read as flat lines. Cutting the days here lets each
y axis fit them, ends the x axis at the last snapshot, and keeps the buttons out of the
chart, where the mode bar covered them at phone width.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from equity.reads.dashboard import flow_markers, history_between
from equity.reads.history import History
from equity.services.views import FlowView
from equity_app.chart_data import WINDOWS, window_start
from equity_app.components import charts


def show(history: History, flows: Sequence[FlowView]) -> None:
    """The window picker, then equity, contributions, flows and cumulative P&L in it."""
    st.subheader("Equity, contributions and P&L")
    dates = history.frame["date"]
    first, last = dates.iloc[0], dates.iloc[-1]
    window = st.segmented_control(
        "Window", WINDOWS, default="All", required=True, key="equity_window"
    )
    frame = history_between(history, window_start(window, first, last), last)
    st.plotly_chart(
        charts.equity_chart(frame, flow_markers(history, flows), history.portfolio.currency),
        width="stretch",
        config=charts.chart_config(history.portfolio.currency),
        key="equity_chart",
    )
