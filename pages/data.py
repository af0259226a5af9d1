"""Data: create portfolios; import snapshots, flows, benchmarks and FX rates from CSV; export."""

from __future__ import annotations

import streamlit as st

from equity_app import data
from equity_app.components import (
    benchmark_import,
    csv_import,
    empty_state,
    export_panel,
    fx_import,
    portfolio_form,
    sidebar,
)
from equity_app.identity import current_identity
from equity_app.literal import md

portfolio = sidebar.show()
who = current_identity()
st.title("Data")
# Forms are offered by role (the services refuse anyway): creating portfolios and importing
# benchmarks and FX rates is an admin's, importing into a portfolio its managers', exporting
# everyone's.
if who.is_admin:
    st.subheader("Create a portfolio")
    portfolio_form.show()

if portfolio is None:
    empty_state.unknown_portfolio()
    st.stop()

st.divider()
if who.can_write(portfolio.id):
    st.markdown(
        f"Imports and exports below apply to **{md(portfolio.name)}** ({portfolio.currency})."
    )
    csv_import.show(csv_import.SNAPSHOTS, portfolio)
    if portfolio.four_eyes and not who.local:
        st.caption(
            f"Four-eyes approval is on for {md(portfolio.name)}: record its flows one at a "
            "time on the Cash flows page, where a second person approves each, or ask the "
            "operator to import the file with the command line."
        )
    else:
        csv_import.show(csv_import.CASH_FLOWS, portfolio, ledger=data.cash_flows(portfolio.id))
    st.divider()
else:
    st.markdown(f"Exports below apply to **{md(portfolio.name)}** ({portfolio.currency}).")
    if not portfolio.archived:  # an archived one says why in its banner
        st.caption(
            f"You are a viewer of {md(portfolio.name)}: imports are for its managers and admins."
        )
export_panel.show(data.history(portfolio.id), data.cash_flows(portfolio.id))
if who.is_admin:
    st.divider()
    benchmark_import.show(data.benchmarks())
    st.divider()
    fx_import.show()
