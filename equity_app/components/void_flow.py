"""Voiding a flow from its ledger row: select the row, say why, see the impact, confirm.

Selecting a live row opens a dialog about that flow, held by its id (ledger_table turns
the selected position into the id the moment it arrives). The dialog keeps the guarantees
of the cash-flow form: while a preview is open the reason is read-only (Edit reopens it),
Confirm void is disabled while the write is in flight and writes once (confirmed_write.py),
and a void already done is refused by the engine ("already voided"), never repeated.

On a four-eyes portfolio a signed-in person proposes the void instead ("Submit void for
approval"): the flow stays live until a different manager or admin approves. The proposal
carries a key made at preview, so a replayed confirmation proposes it once.

What happened stays on the page, above the ledger, until the next void begins.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import streamlit as st

from equity.errors import EquityError, ValidationError
from equity.services.approvals import needs_approval, propose_void
from equity.services.cash_flows import void_cash_flow
from equity.services.views import FlowImpact, FlowView, PortfolioView
from equity.storage.database import Database
from equity_app.components import impact_panel, ledger_table
from equity_app.components.confirmed_write import Confirmation
from equity_app.format import day, money, timestamp
from equity_app.literal import md
from equity_app.messages import as_sentence
from equity_app.state import writer

REASON = "void_reason"
#: The flow the dialog is about, by id, with its portfolio: (portfolio id, flow id).
TARGET = "void_target"
#: The portfolio the last void was about: its sentence is not shown on another one.
DONE_ON = "void_done_portfolio"
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


def show(portfolio: PortfolioView, flows: list[FlowView], picked: uuid.UUID | None) -> None:
    """The dialog about the flow ``picked`` (just selected) or already open, if any.

    Call it after the ledger table: ``picked`` is what ledger_table.show returned.
    """
    VOID.settle(_after_void)
    _apply_clear()
    _forget_another(portfolio)
    if picked is not None and VOID.in_flight() is None:
        _open(portfolio, picked)
    target = st.session_state.get(TARGET)
    if target is None:
        return
    by_id = {flow.id: flow for flow in flows}
    _void_dialog(portfolio, by_id.get(target[1]), target[1])


def outcome(portfolio: PortfolioView) -> None:
    """What the last void did, as a sentence that stays (drawn above the ledger)."""
    VOID.settle(_after_void)
    state = st.session_state
    done = state.get(VOID.done)
    if done and state.get(TARGET) is None and state.get(DONE_ON) == portfolio.id:
        st.success(md(done), icon=":material/check_circle:")


def _open(portfolio: PortfolioView, flow_id: uuid.UUID) -> None:
    """A row was selected: a fresh dialog about that flow (the last outcome is dropped)."""
    state = st.session_state
    VOID.clear()
    state[TARGET] = (portfolio.id, flow_id)
    state[REASON] = ""


def _dismissed() -> None:
    """The dialog was closed (X, Esc, a click outside): drop it, unless a write is in flight."""
    if VOID.dismiss(TARGET):
        ledger_table.clear_selection()


@st.dialog("Void a flow", icon=":material/block:", width="medium", on_dismiss=_dismissed)
def _void_dialog(portfolio: PortfolioView, flow: FlowView | None, flow_id: uuid.UUID) -> None:
    """The flow, the reason, Preview void; then the impact and Confirm void."""
    if flow is None:
        st.warning(
            "This flow is no longer in the ledger of this portfolio.", icon=":material/warning:"
        )
        return
    st.markdown(md(_label(flow, portfolio.currency)))
    if error := st.session_state.get(VOID.error):
        st.error(md(error), icon=":material/error:")
    if flow.voided and VOID.in_flight() is None:
        st.info(
            md(
                f"It was voided on {timestamp(flow.voided_at)} by {flow.voided_by}, because: "
                f"{flow.void_reason}. There is nothing left to void."
            ),
            icon=":material/block:",
        )
        return
    locked = VOID.locked()
    with st.form("void_form", border=False):
        st.text_input(
            "Reason", key=REASON, placeholder="e.g. wire returned by the bank", disabled=locked
        )
        st.form_submit_button(
            "Preview void", on_click=_preview, args=(portfolio, flow), disabled=locked
        )
    if (writing := VOID.in_flight()) is not None:
        _confirmation(writing, in_flight=True)
        VOID.finish(_void, _after_void)
    elif (pending := VOID.pending_request()) is not None:
        _confirmation(pending, in_flight=False)


def _confirmation(pending: PendingVoid, *, in_flight: bool) -> None:
    proposing = pending.proposal_key is not None
    impact_panel.show(pending.impact, pending.currency, if_approved=proposing)
    if proposing:
        st.caption("The flow stays live until a different manager or admin approves the void.")
        VOID.buttons("void", "Submit void for approval", "Submitting…", in_flight)
    else:
        VOID.buttons("void", "Confirm void", "Voiding…", in_flight)


def _label(flow: FlowView, currency: str) -> str:
    """``the deposit of $5,000.00 on 2026-01-05 (Q3 capital call)``, as plain text."""
    notes = f" ({flow.notes})" if flow.notes else ""
    return f"The {flow.kind} of {money(flow.amount, currency)} on {day(flow.flow_date)}{notes}"


def _preview(portfolio: PortfolioView, flow: FlowView) -> None:
    """Preview void (the form's submit): the engine checks the reason and the flow."""
    state = st.session_state
    VOID.clear()
    reason = state.get(REASON) or ""
    try:
        db = writer()
        impact = void_cash_flow(db, flow.id, reason, preview=True)
        key = f"app-void-{uuid.uuid4().hex}" if needs_approval(db, portfolio.id) else None
    except EquityError as error:
        state[VOID.error] = as_sentence(error, flow.id)
        return
    label = _label(flow, portfolio.currency)
    VOID.keep_values(REASON)
    state[VOID.pending] = PendingVoid(
        portfolio.id, flow.id, reason.strip(), impact, portfolio.currency, label, db, key
    )


def _void(pending: PendingVoid) -> str:
    """The write in flight: void the previewed flow; returns what the page says.

    No session state here (see confirmed_write): the page's follow-up is _after_void.
    A refusal is said as a sentence about this flow ("This flow was already voided…").
    """
    try:
        return _write_void(pending)
    except ValidationError as error:
        raise EquityError(as_sentence(error, pending.flow_id)) from error


def _write_void(pending: PendingVoid) -> str:
    what = pending.label[0].lower() + pending.label[1:]
    if pending.proposal_key is not None:
        propose_void(
            pending.db, pending.flow_id, pending.reason, idempotency_key=pending.proposal_key
        )
        return (
            f"Submitted the void of {what} for approval, because: {pending.reason}. The flow "
            "stays live and equity has not changed until a second person approves it."
        )
    impact = void_cash_flow(pending.db, pending.flow_id, pending.reason)
    equity = money(impact.new_equity_balance, pending.currency)
    return f"Voided {what}, because: {pending.reason}. Equity now {equity}."


def _after_void(message: str) -> None:
    """The void landed: close the dialog, unmark the row; the sentence stays on the page."""
    flight = st.session_state.get(VOID.writing)  # settle calls this before it drops it
    if flight is not None:
        st.session_state[DONE_ON] = flight.request.portfolio_id
    st.session_state[CLEAR] = True
    st.session_state.pop(TARGET, None)
    ledger_table.clear_selection()


def _forget_another(portfolio: PortfolioView) -> None:
    """A dialog and its preview belong to their portfolio: another one on screen drops them."""
    target = st.session_state.get(TARGET)
    if target is not None and target[0] != portfolio.id and VOID.in_flight() is None:
        st.session_state.pop(TARGET, None)
        VOID.clear()


def _apply_clear() -> None:
    """Empty the reason after a void (before its widget exists in this run)."""
    if st.session_state.pop(CLEAR, False):
        st.session_state[REASON] = ""
