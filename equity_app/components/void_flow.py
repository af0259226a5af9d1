"""Voiding a flow: pick it, say why, see the impact, confirm. The row stays in the ledger.

The same guarantees as the cash-flow form: while a preview is open the choice and the
reason are read-only (Edit reopens them), Confirm void is disabled while the write is in
flight, and a void already done is refused by the engine ("already voided"), never repeated.

On a four-eyes portfolio a signed-in person proposes the void instead ("Submit void for
approval"): the flow stays live until a different manager or admin approves. The proposal
carries a key made at preview, so a replayed confirmation proposes it once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import streamlit as st

from equity.errors import EquityError
from equity.services.approvals import needs_approval, propose_void
from equity.services.cash_flows import void_cash_flow
from equity.services.views import FlowImpact, FlowView, PortfolioView
from equity.storage.database import Database
from equity_app.components import impact_panel, toast
from equity_app.components.confirmed_write import Confirmation
from equity_app.format import day, money
from equity_app.literal import md
from equity_app.messages import in_words
from equity_app.state import writer

FLOW, REASON = "void_flow_id", "void_reason"
CLEAR = "void_form_clear"
VOID = Confirmation(
    pending="void_pending", writing="void_writing", error="void_error", done="void_done"
)


@dataclass(frozen=True)
class PendingVoid:
    portfolio_id: uuid.UUID
    flow_id: uuid.UUID
    reason: str
    impact: FlowImpact
    currency: str
    label: str
    #: Who previewed it, as their Database: Confirm writes off the session, so it is kept.
    db: Database
    #: Four-eyes: Confirm proposes the void under this key instead of voiding.
    proposal_key: str | None = None


def show(portfolio: PortfolioView, flows: list[FlowView]) -> None:
    """A form to choose a live flow and give a reason; Preview void, then Confirm void."""
    VOID.settle(_after_void)
    _apply_clear()
    _forget_preview_of_another(portfolio)
    live = {flow.id: flow for flow in reversed(flows) if not flow.voided}
    if not live and not VOID.locked():
        return
    locked = VOID.locked()
    with st.expander("Void a flow", icon=":material/block:", expanded=locked):
        if live:
            with st.form("void_form", border=False):
                st.selectbox(
                    "Flow",
                    list(live),
                    format_func=lambda flow_id: _label(live[flow_id], portfolio.currency),
                    key=FLOW,
                    disabled=locked,
                )
                st.text_input(
                    "Reason",
                    key=REASON,
                    placeholder="e.g. wire returned by the bank",
                    disabled=locked,
                )
                st.form_submit_button(
                    "Preview void", on_click=_preview, args=(portfolio, live), disabled=locked
                )
        _outcome()


def _outcome() -> None:
    VOID.outcome(_confirmation, _void, _after_void)


def _confirmation(pending: PendingVoid, in_flight: bool) -> None:
    st.markdown(f"**Void** {md(pending.label)}, because: {md(pending.reason)}")
    proposing = pending.proposal_key is not None
    impact_panel.show(pending.impact, pending.currency, if_approved=proposing)
    if proposing:
        st.caption("The flow stays live until a different manager or admin approves the void.")
        VOID.buttons("void", "Submit void for approval", "Submitting…", in_flight)
    else:
        VOID.buttons("void", "Confirm void", "Voiding…", in_flight)


def _label(flow: FlowView, currency: str) -> str:
    notes = f" · {flow.notes}" if flow.notes else ""
    return f"{day(flow.flow_date)} · {flow.kind.capitalize()} {money(flow.amount, currency)}{notes}"


def _preview(portfolio: PortfolioView, live: dict[uuid.UUID, FlowView]) -> None:
    state = st.session_state
    VOID.clear()
    flow_id, reason = state.get(FLOW), state.get(REASON) or ""
    if flow_id not in live:  # the choice on screen is no longer a live flow of this portfolio
        state[VOID.error] = "Flow: choose a live flow of this portfolio"
        return
    try:
        db = writer()
        impact = void_cash_flow(db, flow_id, reason, preview=True)
        key = f"app-void-{uuid.uuid4().hex}" if needs_approval(db, portfolio.id) else None
    except EquityError as error:
        state[VOID.error] = in_words(error)
        return
    label = _label(live[flow_id], portfolio.currency)
    VOID.keep_values(FLOW, REASON)
    state[VOID.pending] = PendingVoid(
        portfolio.id, flow_id, reason.strip(), impact, portfolio.currency, label, db, key
    )


def _void(pending: PendingVoid) -> str:
    """The write in flight: void the previewed flow; returns what the page says.

    No session state here (see confirmed_write): the page's follow-up is _after_void.
    """
    if pending.proposal_key is not None:
        propose_void(
            pending.db, pending.flow_id, pending.reason, idempotency_key=pending.proposal_key
        )
        return (
            f"Void of {pending.label} submitted for approval: the flow stays live and equity "
            "has not changed until a second person approves it."
        )
    impact = void_cash_flow(pending.db, pending.flow_id, pending.reason)
    equity = money(impact.new_equity_balance, pending.currency)
    return f"Voided {pending.label}. Equity now {equity}."


def _after_void(message: str) -> None:
    toast.queue(message)
    st.session_state[CLEAR] = True


def _forget_preview_of_another(portfolio: PortfolioView) -> None:
    pending: PendingVoid | None = VOID.pending_request()
    if pending is not None and pending.portfolio_id != portfolio.id:
        VOID.clear()


def _apply_clear() -> None:
    """Empty the form after a void (before its widgets exist in this run)."""
    state = st.session_state
    if state.pop(CLEAR, False):
        state[REASON] = ""
        state.pop(FLOW, None)
