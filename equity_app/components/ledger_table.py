"""The ledger: every deposit and withdrawal, live or voided, with who recorded it and when.

A person who may write selects a row to void it. A selection arrives as a row position in
the table as it was drawn; it is turned into that flow's id at once, through the ids of the
rows drawn on the run before (what the person saw and clicked). From then on only the id
counts: a flow recorded meanwhile, or a filter changed, moves rows but not the choice.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from equity.domain.rules import FLOW_KINDS
from equity.services.views import FlowView
from equity_app.components.money_columns import money_column, shown_amount
from equity_app.components.row_selection import RowSelection
from equity_app.format import day, timestamp
from equity_app.messages import counted

STATUSES = ("All", "Live", "Voided")
#: Which row the person selected, whatever moved since (see row_selection).
SELECTION = RowSelection(table="ledger_table", shown="ledger_shown_ids")
TABLE = SELECTION.table
GENERATION = SELECTION.generation
#: A voided row reads muted on a grey tint, in the light and the dark theme alike (slate 500:
#: readable on both backgrounds, so the status that says why stays legible).
VOIDED_STYLE = "color: #64748b; background-color: rgba(100, 116, 139, 0.14)"
COLUMNS = ["Date", "Type", "Amount", "Status", "Notes", "Recorded by", "Recorded at"]


def show(
    flows: list[FlowView],
    currency: str,
    *,
    voids_awaiting: Collection[uuid.UUID] = (),
    selectable: bool = False,
) -> uuid.UUID | None:
    """Filters (type, status, text), then the table, newest first.

    ``voids_awaiting``: live flows whose void waits for a second person's approval.
    ``selectable``: a row can be selected (to void it); returns the id of the flow the
    person has just selected, or None when no new row was selected on this run.
    """
    if not flows:
        st.info("No deposits or withdrawals recorded yet.", icon=":material/receipt_long:")
        return None
    shown = _filtered(flows)
    st.caption(_count(len(shown), len(flows), selectable))
    picked = SELECTION.picked([flow.id for flow in shown]) if selectable else None
    frame = ledger_rows(shown, voids_awaiting)
    st.dataframe(
        _styled(frame, [flow.voided for flow in shown]),
        hide_index=True,
        width="stretch",
        column_config=column_config(currency),
        key=SELECTION.key(),
        **({"on_select": "rerun", "selection_mode": "single-row"} if selectable else {}),
    )
    return picked


def table_key(generation: int) -> str:
    """The grid's widget key in its ``generation``: each clearing draws a new grid."""
    return SELECTION.key(generation)


def clear_selection() -> None:
    """Draw the table with no row selected next time (after a void, or a dialog closed)."""
    SELECTION.clear()


def ledger_rows(flows: Sequence[FlowView], voids_awaiting: Collection[uuid.UUID]) -> pd.DataFrame:
    """The table behind the grid: amounts as numbers, so the column sorts as money."""
    return pd.DataFrame([_row(flow, voids_awaiting) for flow in flows], columns=COLUMNS)


def column_config(currency: str) -> dict[str, object]:
    """Amount as currency; Status wide enough to read a void's reason whole."""
    return {
        "Amount": money_column("Amount", currency),
        "Status": st.column_config.TextColumn("Status", width="large"),
    }


def _filtered(flows: list[FlowView]) -> list[FlowView]:
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
    search = search_column.text_input(
        "Search notes", key="ledger_search", placeholder="Type to filter by notes"
    )
    return [flow for flow in reversed(flows) if _matches(flow, kinds, status, search)]


def _count(shown: int, total: int, selectable: bool) -> str:
    if shown == total:
        listed = counted(total, "flow") if total == 1 else f"All {counted(total, 'flow')}"
    else:
        listed = f"{shown:,} of {counted(total, 'flow')}"
    return f"{listed}. Select a live row to void it." if selectable and shown else f"{listed}."


def _matches(flow: FlowView, kinds: list[str], status: str, search: str) -> bool:
    if flow.kind not in kinds:
        return False
    if (status == "Live" and flow.voided) or (status == "Voided" and not flow.voided):
        return False
    return not search or search.lower() in (flow.notes or "").lower()


def _row(flow: FlowView, voids_awaiting: Collection[uuid.UUID]) -> dict[str, object]:
    return {
        "Date": day(flow.flow_date),
        "Type": flow.kind.capitalize(),
        "Amount": shown_amount(flow.amount),
        "Status": status_text(flow, flow.id in voids_awaiting),
        "Notes": flow.notes or "",
        "Recorded by": flow.created_by,
        "Recorded at": timestamp(flow.created_at),
    }


def status_text(flow: FlowView, void_awaiting: bool) -> str:
    """``Live``, or ``Voided — wire returned (by ops, 2026-01-05 09:12 UTC)``: the reason first."""
    if not flow.voided:
        return "Live, void awaiting approval" if void_awaiting else "Live"
    return f"Voided — {flow.void_reason} (by {flow.voided_by}, {timestamp(flow.voided_at)})"


def _styled(frame: pd.DataFrame, voided: list[bool]) -> Styler:
    """Voided rows muted and tinted; the column formats still draw the amounts."""
    styles = [[VOIDED_STYLE if gone else "" for _ in frame.columns] for gone in voided]
    return frame.style.apply(lambda _: pd.DataFrame(styles, frame.index, frame.columns), None)
