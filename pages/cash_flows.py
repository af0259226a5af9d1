"""Cash flows: record a deposit or withdrawal (preview, then confirm); see and void the ledger."""

from __future__ import annotations

import streamlit as st

from equity_app import data
from equity_app.components import (
    cash_flow_form,
    empty_state,
    ledger_table,
    sidebar,
    void_flow,
)
from equity_app.literal import md

portfolio = sidebar.show()
st.title("Cash flows")
if portfolio is None:
    empty_state.no_portfolio()
    st.stop()

st.caption(f"Deposits and withdrawals of **{md(portfolio.name)}**, in {portfolio.currency}.")
cash_flow_form.show(portfolio)

st.subheader("Ledger")
flows = data.cash_flows(portfolio.id)
void_flow.show(portfolio, flows)
ledger_table.show(flows, portfolio.currency)
