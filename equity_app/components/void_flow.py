"""Voiding a flow: pick it, say why, see the impact, confirm. The row stays in the ledger."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import streamlit as st

from equity.errors import EquityError
from equity.services.cash_flows import preview_void, void_cash_flow
from equity.services.views import FlowImpact, FlowView, PortfolioView
from equity_app import data
from equity_app.components import impact_panel, toast
from equity_app.format import day, money
from equity_app.messages import in_words
from equity_app.state import current_actor, database

FLOW, REASON = "void_flow_id", "void_reason"
PENDING, ERROR, DONE = "void_pending", "void_error", "void_done"


@dataclass(frozen=True)
class PendingVoid:
    flow_id: uuid.UUID
    reason: str
    impact: FlowImpact
    currency: str
    label: str


def show(portfolio: PortfolioView, flows: list[FlowView]) -> None:
    """A form to choose a live flow and give a reason; Preview void, then Confirm void."""
    live = {flow.id: flow for flow in reversed(flows) if not flow.voided}
    if not live:
        return
    with st.expander("Void a flow", icon=":material/block:", expanded=PENDING in st.session_state):
        with st.form("void_form", border=False):
            st.selectbox(
                "Flow",
                list(live),
                format_func=lambda flow_id: _label(live[flow_id], portfolio.currency),
                key=FLOW,
            )
            st.text_input("Reason", key=REASON, placeholder="e.g. wire returned by the bank")
            st.form_submit_button("Preview void", on_click=_preview, args=(portfolio, live))
        _outcome()


def _outcome() -> None:
    state = st.session_state
    if error := state.get(ERROR):
        st.error(error, icon=":material/error:")
    pending: PendingVoid | None = state.get(PENDING)
    if pending:
        st.markdown(f"**Void** {pending.label}, because: {pending.reason}")
        impact_panel.show(pending.impact, pending.currency)
        confirm, cancel = st.columns(2)
        confirm.button("Confirm void", type="primary", key="void_confirm", on_click=_confirm)
        cancel.button("Cancel", key="void_cancel", on_click=lambda: state.pop(PENDING, None))
    elif done := state.get(DONE):
        st.success(done, icon=":material/check_circle:")


def _label(flow: FlowView, currency: str) -> str:
    notes = f" · {flow.notes}" if flow.notes else ""
    return f"{day(flow.flow_date)} · {flow.kind.capitalize()} {money(flow.amount, currency)}{notes}"


def _preview(portfolio: PortfolioView, live: dict[uuid.UUID, FlowView]) -> None:
    state = st.session_state
    for key in (ERROR, DONE, PENDING):
        state.pop(key, None)
    flow_id, reason = state.get(FLOW), state.get(REASON) or ""
    try:
        impact = preview_void(database(), flow_id, reason)
    except EquityError as error:
        state[ERROR] = in_words(error)
        return
    label = _label(live[flow_id], portfolio.currency)
    state[PENDING] = PendingVoid(flow_id, reason.strip(), impact, portfolio.currency, label)


def _confirm() -> None:
    """Void once: a second click finds nothing pending, and the service refuses a re-void."""
    state = st.session_state
    pending: PendingVoid | None = state.pop(PENDING, None)
    if pending is None:
        return
    try:
        impact = void_cash_flow(database(), pending.flow_id, pending.reason, current_actor())
    except EquityError as error:
        state[ERROR] = in_words(error)
        return
    finally:
        data.invalidate()
    state[DONE] = (
        f"Voided {pending.label}. Equity now {money(impact.new_equity_balance, pending.currency)}."
    )
    toast.queue(state[DONE])
    state[REASON] = ""
    state.pop(FLOW, None)
