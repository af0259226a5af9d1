"""Everything about one portfolio, as two CSV files: its history and its ledger."""

from __future__ import annotations

import streamlit as st

from equity.reads.history import History
from equity.services.views import FlowView
from equity_app import csv_export
from equity_app.literal import md


def show(history: History, flows: list[FlowView]) -> None:
    """Two download buttons; each file is complete (all days; voided flows included)."""
    name = history.portfolio.name
    st.subheader("Export")
    st.caption(
        f"Every snapshot ({len(history.frame):,}) and every flow ({len(flows):,}) of "
        f"{md(name)} (voided ones included, with who voided them and why)."
    )
    left, right = st.columns(2)
    left.download_button(
        "History CSV",
        csv_export.history_csv(history.frame),
        file_name=csv_export.file_name(name, "history"),
        mime="text/csv",
        icon=":material/download:",
        key="export_history",
        width="stretch",
    )
    right.download_button(
        "Ledger CSV",
        csv_export.ledger_csv(flows),
        file_name=csv_export.file_name(name, "ledger"),
        mime="text/csv",
        icon=":material/download:",
        key="export_ledger",
        width="stretch",
    )
