"""Cash flows: record a deposit or withdrawal (preview, then confirm); see and void the ledger.

A viewer reads the ledger and what waits for approval, with no form to write with; on a
four-eyes portfolio what a signed-in person records or voids waits for a second person.
A writer voids a flow by selecting its row in the ledger (a dialog asks why).
"""

from __future__ import annotations

import streamlit as st

from equity.services.approvals import needs_approval
from equity_app import data
from equity_app.components import (
    cash_flow_form,
    empty_state,
    ledger_table,
    pending_flows,
    sidebar,
    void_flow,
)
from equity_app.identity import current_identity
from equity_app.literal import md
from equity_app.state import writer

portfolio = sidebar.show()
st.title("Cash flows")
if portfolio is None:
    empty_state.no_portfolio()
    st.stop()

identity = current_identity()
can_write = identity.can_write(portfolio.id)
st.caption(f"Deposits and withdrawals of **{md(portfolio.name)}**, in {portfolio.currency}.")
if can_write:
    cash_flow_form.show(portfolio, four_eyes=needs_approval(writer(), portfolio.id))
elif not portfolio.archived:  # an archived one says so in its banner
    st.info(
        "You can read this portfolio's ledger; recording, voiding and approving flows is for "
        "its managers and admins.",
        icon=":material/visibility:",
    )
proposals = pending_flows.show(portfolio, identity)

st.subheader("Ledger")
if can_write:
    void_flow.outcome(portfolio)
flows = data.cash_flows(portfolio.id)
voids_awaiting = {p.flow_id for p in proposals if p.action == "void" and p.flow_id}
picked = ledger_table.show(
    flows, portfolio.currency, voids_awaiting=voids_awaiting, selectable=can_write
)
if can_write:
    void_flow.show(portfolio, flows, picked)
