"""The dashboard's waterfall: how equity got from the start of a period to its end."""

from __future__ import annotations

import streamlit as st

from equity.reads.dashboard import period_waterfall
from equity.reads.history import History
from equity_app.components import charts, period_picker
from equity_app.format import day, money


def show(history: History) -> None:
    """Period presets, then starting equity, deposits, withdrawals, P&L and ending equity."""
    portfolio, frame = history.portfolio, history.frame
    st.subheader("Where the equity came from")
    start, end = period_picker.show(
        "waterfall", portfolio.inception_date, frame["date"].iloc[-1], default="YTD"
    )
    waterfall = period_waterfall(history, start, end)
    st.caption(
        f"{day(start)} to {day(end)}: from {money(waterfall.starting_equity, portfolio.currency)}"
        f" to {money(waterfall.ending_equity, portfolio.currency)}."
    )
    st.plotly_chart(
        charts.waterfall_chart(waterfall, portfolio.currency),
        width="stretch",
        config={**charts.chart_config(portfolio.currency), "displayModeBar": False},
        key="waterfall_chart",
    )
