"""The deposit / withdrawal form: Record previews, Confirm writes, exactly once.

Nothing is written until Confirm. The idempotency key is made once per form (kept in
session state until the flow it guards is recorded), so a double-clicked Confirm or a
repeated submission records one flow: the database refuses a second row with that key.
Writes happen in button callbacks, before the script draws the screen, so the page
that follows already shows the new equity.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import streamlit as st

from equity.errors import EquityError
from equity.money import parse_positive_amount
from equity.services.cash_flows import FlowRequest, preview_cash_flow, record_cash_flow
from equity.services.lookup import today
from equity.services.views import FlowImpact, PortfolioView
from equity_app import data
from equity_app.components import impact_panel, toast
from equity_app.format import day, money
from equity_app.messages import in_words
from equity_app.state import current_actor, database

KINDS = {"Deposit": "deposit", "Withdrawal": "withdrawal"}
KIND, AMOUNT, DATE, NOTES = "flow_kind", "flow_amount", "flow_date", "flow_notes"
IDEMPOTENCY_KEY = "flow_idempotency_key"
PENDING = "flow_pending"
ERROR = "flow_error"
DONE = "flow_done"


@dataclass(frozen=True)
class Pending:
    """A previewed flow awaiting Confirm: exactly the request that will be recorded."""

    request: FlowRequest
    impact: FlowImpact
    currency: str


def show(portfolio: PortfolioView) -> None:
    """The form on the left; its errors, the confirmation or the result on the right."""
    st.session_state.setdefault(DATE, today())
    form_column, outcome_column = st.columns([2, 3], gap="large")
    with form_column, st.form("cash_flow_form", border=True):
        st.radio("Type", list(KINDS), key=KIND, horizontal=True)
        st.text_input(
            "Amount", key=AMOUNT, placeholder="e.g. 250000.00", help="In " + portfolio.currency
        )
        st.date_input(
            "Date",
            key=DATE,
            min_value=portfolio.inception_date,
            format="YYYY-MM-DD",
            # No max_value: a picker that silently clamps hides the rule; a future date is
            # refused in words instead ("... is in the future").
            help=f"From the inception date ({portfolio.inception_date}) to today.",
        )
        st.text_input("Notes", key=NOTES, placeholder="e.g. Q3 capital call")
        st.form_submit_button("Record", type="primary", on_click=_preview, args=(portfolio,))
    with outcome_column:
        _outcome(portfolio)


def _outcome(portfolio: PortfolioView) -> None:
    if error := st.session_state.get(ERROR):
        st.error(error, icon=":material/error:")
    pending: Pending | None = st.session_state.get(PENDING)
    if pending and pending.request.portfolio == portfolio.id:
        _confirmation(pending)
    elif done := st.session_state.get(DONE):
        st.success(done, icon=":material/check_circle:")
    elif not error:
        st.caption(
            "Record shows what the flow does to equity (on its date, and today) before "
            "anything is written; Confirm writes it."
        )


def _confirmation(pending: Pending) -> None:
    request = pending.request
    with st.container(border=True, key="flow_confirmation"):
        st.markdown(
            f"**Confirm the {request.kind}** of **{money(request.amount, pending.currency)}** "
            f"on {day(request.flow_date)}" + (f" ({request.notes})" if request.notes else "")
        )
        impact_panel.show(pending.impact, pending.currency)
        confirm, cancel = st.columns(2)
        confirm.button("Confirm", type="primary", key="flow_confirm", on_click=_confirm)
        cancel.button("Cancel", key="flow_cancel", on_click=_cancel)


def _preview(portfolio: PortfolioView) -> None:
    """Record (form submit): validate and preview; nothing is written yet."""
    state = st.session_state
    state.pop(ERROR, None)
    state.pop(DONE, None)
    state.pop(PENDING, None)
    try:
        request = FlowRequest(
            portfolio=portfolio.id,
            flow_date=state[DATE],
            kind=KINDS[state[KIND]],
            amount=parse_positive_amount(state[AMOUNT], "amount"),
            notes=state[NOTES] or None,
            idempotency_key=_idempotency_key(),
            created_by=current_actor(),
        )
        impact = preview_cash_flow(database(), request)
    except EquityError as error:
        state[ERROR] = in_words(error)
        return
    state[PENDING] = Pending(request, impact, portfolio.currency)


def _confirm() -> None:
    """Confirm: record the previewed request; a second click finds nothing pending."""
    state = st.session_state
    pending: Pending | None = state.pop(PENDING, None)
    if pending is None:
        return
    try:
        impact = record_cash_flow(database(), pending.request)
    except EquityError as error:
        state[ERROR] = in_words(error)
        return
    finally:
        data.invalidate()
    request = pending.request
    kind = request.kind.capitalize()
    equity = money(impact.new_equity_balance, pending.currency)
    state[DONE] = (
        f"{kind} of {money(request.amount, pending.currency)} on {day(request.flow_date)} "
        + ("was already recorded" if impact.already_recorded else "recorded")
        + f". Equity now {equity}."
    )
    toast.queue(state[DONE])
    state.pop(IDEMPOTENCY_KEY, None)  # the next form is a new flow with a new key
    _clear_form()


def _cancel() -> None:
    st.session_state.pop(PENDING, None)


def _idempotency_key() -> str:
    """One key per form: kept across Record clicks until its flow is recorded."""
    state = st.session_state
    if IDEMPOTENCY_KEY not in state:
        state[IDEMPOTENCY_KEY] = f"app-{uuid.uuid4()}"
    return state[IDEMPOTENCY_KEY]


def _clear_form() -> None:
    state = st.session_state
    state[AMOUNT] = ""
    state[NOTES] = ""
    state[DATE] = today()
    state[KIND] = "Deposit"
