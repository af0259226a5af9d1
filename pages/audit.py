"""Audit: every change made to the selected portfolio, who made it and when, as a CSV too."""

from __future__ import annotations

import streamlit as st

from equity_app import data
from equity_app.components import audit_table, empty_state, sidebar
from equity_app.literal import md

portfolio = sidebar.show()
st.title("Audit")
if portfolio is None:
    empty_state.no_portfolio()
    st.stop()

st.caption(
    f"Changes to **{md(portfolio.name)}**: the portfolio, its snapshots and its cash flows, each "
    "written in the same transaction as the change itself."
)
audit_table.show(data.audit(portfolio.id), portfolio)
