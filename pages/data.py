"""Data: create portfolios, import snapshots, cash flows and benchmarks from CSV, export."""

from __future__ import annotations

import streamlit as st

from equity_app import data
from equity_app.components import (
    benchmark_import,
    csv_import,
    empty_state,
    export_panel,
    portfolio_form,
    sidebar,
)
from equity_app.literal import md

portfolio = sidebar.show()
st.title("Data")
st.subheader("Create a portfolio")
portfolio_form.show()

if portfolio is None:
    empty_state.unknown_portfolio()
    st.stop()

st.divider()
st.markdown(f"Imports and exports below apply to **{md(portfolio.name)}** ({portfolio.currency}).")
csv_import.show(csv_import.SNAPSHOTS, portfolio)
csv_import.show(csv_import.CASH_FLOWS, portfolio, ledger=data.cash_flows(portfolio.id))
st.divider()
export_panel.show(data.history(portfolio.id), data.cash_flows(portfolio.id))
st.divider()
benchmark_import.show(data.benchmarks())
