"""The ledger: every deposit and withdrawal, live or voided, with who recorded it and when."""

from __future__ import annotations

import uuid
from collections.abc import Collection

import pandas as pd
import streamlit as st

from equity.domain.rules import FLOW_KINDS
from equity.services.views import FlowView
from equity_app.format import day, money, timestamp

STATUSES = ("All", "Live", "Voided")


def show(
    flows: list[FlowView], currency: str, *, voids_awaiting: Collection[uuid.UUID] = ()
) -> None:
    """Filters (type, status, text), then the table, newest first.

    ``voids_awaiting``: live flows whose void waits for a second person's approval.
    """
    if not flows:
        st.info("No deposits or withdrawals recorded yet.", icon=":material/receipt_long:")
        return
    kinds_column, status_column, search_column = st.columns([2, 2, 3])
    kinds = kinds_column.multiselect(
        "Type",
        list(FLOW_KINDS),
        default=list(FLOW_KINDS),
        format_func=str.capitalize,
        key="ledger_kinds",
    )
    status = status_column.segmented_control(
        "Status", STATUSES, default="All", required=True, key="ledger_status"
    )
    search = search_column.text_input("Search notes", key="ledger_search", placeholder="redemption")
    shown = [flow for flow in reversed(flows) if _matches(flow, kinds, status, search)]
    st.caption(f"{len(shown)} of {len(flows)} flows")
    right = st.column_config.TextColumn(alignment="right")
    st.dataframe(
        pd.DataFrame([_row(flow, currency, voids_awaiting) for flow in shown], columns=_COLUMNS),
        hide_index=True,
        width="stretch",
        column_config={"Amount": right},
        key="ledger_table",
    )


_COLUMNS = ["Date", "Type", "Amount", "Notes", "Recorded by", "Recorded at", "Status"]


def _matches(flow: FlowView, kinds: list[str], status: str, search: str) -> bool:
    if flow.kind not in kinds:
        return False
    if (status == "Live" and flow.voided) or (status == "Voided" and not flow.voided):
        return False
    return not search or search.lower() in (flow.notes or "").lower()


def _row(flow: FlowView, currency: str, voids_awaiting: Collection[uuid.UUID]) -> dict[str, str]:
    return {
        "Date": day(flow.flow_date),
        "Type": flow.kind.capitalize(),
        "Amount": money(flow.amount, currency),
        "Notes": flow.notes or "",
        "Recorded by": flow.created_by,
        "Recorded at": timestamp(flow.created_at),
        "Status": _status(flow, flow.id in voids_awaiting),
    }


def _status(flow: FlowView, void_awaiting: bool) -> str:
    if not flow.voided:
        return "Live, void awaiting approval" if void_awaiting else "Live"
    return f"Voided {timestamp(flow.voided_at)} by {flow.voided_by}: {flow.void_reason}"
