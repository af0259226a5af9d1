"""The audit trail of one portfolio: filter by action, read newest first, download as CSV.

Details are user text (flow notes, void reasons): they are shown in a dataframe, which
renders text as text, and exported through the engine's formula-neutralising CSV rows.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from equity.services.audit import AuditView
from equity.services.export import audit_rows, csv_bytes
from equity.services.views import PortfolioView
from equity_app import csv_export
from equity_app.format import day

ACTIONS = {
    "portfolio.create": "Portfolio created",
    "portfolio.opening_equity": "Opening equity changed",
    "flow.record": "Flow recorded",
    "flow.void": "Flow voided",
    "snapshot.batch": "Snapshots (batch)",
    "snapshot.import": "Snapshots imported",
    "snapshot.manual": "Snapshot entered",
    "snapshot.carry_forward": "Snapshot carried forward",
    "snapshot.delete": "Snapshot deleted",
    "recompute": "Recomputed",
    "portfolio.four_eyes": "Four-eyes changed",
    "flow.propose": "Flow proposed (four-eyes)",
    "flow.propose_void": "Void proposed (four-eyes)",
    "flow.reject": "Proposal rejected",
    "flow.withdraw_proposal": "Proposal withdrawn",
}
#: The person filter's first choice (None underneath: an actor named so is still one person).
EVERYONE = "Everyone"
COLUMNS = ["Time (UTC)", "Who", "Action", "Effective date", "Details", "Flow id"]


def show(entries: list[AuditView], portfolio: PortfolioView) -> None:
    if not entries:
        st.info("No changes have been recorded for this portfolio yet.", icon=":material/history:")
        return
    # Every known action is offered, and none chosen means all: a kind of change that
    # first appears after the filter was set is shown, never silently hidden.
    actions = sorted(set(ACTIONS) | {entry.action for entry in entries}, key=action_label)
    person_column, actions_column = st.columns([1, 1])
    # The people are those present in this trail: a name is offered only where it acted.
    person = person_column.selectbox(
        "Person",
        [None, *people(entries)],
        format_func=lambda actor: EVERYONE if actor is None else actor,
        key="audit_person",
    )
    chosen = actions_column.multiselect(
        "Actions",
        actions,
        format_func=action_label,
        placeholder="All actions",
        key="audit_actions",
    )
    shown = [
        entry
        for entry in entries
        if (not chosen or entry.action in chosen) and (person is None or entry.actor == person)
    ]
    st.caption(
        f"{len(shown)} of {len(entries)} changes, newest first. The effective date is the "
        "first day whose figures the change moved."
    )
    st.dataframe(table(shown), hide_index=True, width="stretch", key="audit_table")
    st.download_button(
        f"Download {len(shown)} entries as CSV",
        audit_csv(shown),
        file_name=csv_export.file_name(portfolio.name, "audit"),
        mime="text/csv",
        icon=":material/download:",
        disabled=not shown,
        key="audit_download",
    )


def people(entries: list[AuditView]) -> list[str]:
    """Everyone who made a change in ``entries``, by name (case-insensitively)."""
    return sorted({entry.actor for entry in entries}, key=str.casefold)


def action_label(action: str) -> str:
    return ACTIONS.get(action, action)


def table(entries: list[AuditView]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Time (UTC)": entry.recorded_at.strftime("%Y-%m-%d %H:%M:%S"),
                "Who": entry.actor,
                "Action": action_label(entry.action),
                "Effective date": day(entry.effective_date),
                "Details": entry.details,
                "Flow id": str(entry.flow_id) if entry.flow_id else "",
            }
            for entry in entries
        ],
        columns=COLUMNS,
    )


def audit_csv(entries: list[AuditView]) -> bytes:
    """The engine's audit rows (the CLI's columns), formula-neutralised, as UTF-8 CSV."""
    return csv_bytes(audit_rows(entries))
