"""Dashboard: where a portfolio's equity stands, how it got there, and how fresh it is."""

from __future__ import annotations

import streamlit as st

from equity.reads.dashboard import headline
from equity_app import data
from equity_app.components import (
    empty_state,
    equity_panel,
    headline_metrics,
    overview_table,
    pending_flows,
    sidebar,
    statement_restated_notice,
    waterfall_panel,
)
from equity_app.literal import md
from equity_app.state import today

portfolio = sidebar.show()
if portfolio is None:
    st.title("Dashboard")
    empty_state.no_portfolio()
    st.stop()

st.title(md(portfolio.name))
history = data.history(portfolio.id)
headline_metrics.show(portfolio, headline(history, today()), data.performance(portfolio.id))
pending_flows.notice(portfolio)
statement_restated_notice.show()

if history.frame.empty:
    empty_state.no_snapshots(portfolio)
else:
    equity_panel.show(history, data.cash_flows(portfolio.id))
    waterfall_panel.show(history)

overview_table.show()
