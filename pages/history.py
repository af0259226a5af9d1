"""History: equity against P&L over a chosen range, day by day, and as a CSV.

Its managers and admins delete one day by selecting its row in the table (a dialog shows
the impact first).
"""

from __future__ import annotations

import streamlit as st

from equity.reads.dashboard import flow_markers, history_between
from equity_app import csv_export, data
from equity_app.components import (
    charts,
    empty_state,
    history_table,
    period_picker,
    sidebar,
    snapshot_delete,
)
from equity_app.identity import current_identity
from equity_app.literal import md

portfolio = sidebar.show()
st.title("History")
if portfolio is None:
    empty_state.no_portfolio()
    st.stop()

history = data.history(portfolio.id)
if history.frame.empty:
    empty_state.no_snapshots(portfolio)
    st.stop()

dates = history.frame["date"]
start, end = period_picker.date_range("history_range", dates.iloc[0], dates.iloc[-1])
frame = history_between(history, start, end)
currency = portfolio.currency
st.caption(
    f"**{md(portfolio.name)}**: {len(frame)} snapshots from {start} to {end}, in {currency}."
)

config = charts.chart_config(currency)
markers = flow_markers(history, data.cash_flows(portfolio.id))
st.subheader("Equity, contributions and P&L")
st.plotly_chart(
    charts.equity_chart(frame, markers, currency), config=config, key="history_equity_chart"
)
left, right = st.columns(2)
with left:
    st.subheader(charts.pnl_title(frame))
    st.plotly_chart(charts.daily_pnl_chart(frame, currency), config=config, key="history_pnl_chart")
with right:
    st.subheader("Contributions and market gains/losses")
    st.plotly_chart(
        charts.contributions_vs_gains_chart(frame, currency),
        config=config,
        key="history_split_chart",
    )

st.subheader("Snapshots")
can_write = current_identity().can_write(portfolio.id)
if can_write:
    st.caption("Select a row to delete that day's snapshot (the impact is shown first).")
    snapshot_delete.outcome(portfolio)
picked = history_table.show(frame, currency, selectable=can_write)
if can_write:
    snapshot_delete.show(portfolio, picked)
st.download_button(
    "Download CSV",
    csv_export.history_csv(frame),
    file_name=csv_export.file_name(portfolio.name, f"history-{start}-{end}"),
    mime="text/csv",
    icon=":material/download:",
    key="history_download",
)
