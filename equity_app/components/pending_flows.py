"""Waiting for approval: flows proposed under four-eyes, and a second person's decision.

A flow recorded or voided in the app on a four-eyes portfolio is only proposed: it changes
no equity until a different manager or admin approves it. Each proposal shows who made it,
when, what it is and what approving it now would do to equity. **Approve** applies it;
**Reject** (the maker's **Withdraw**) needs a reason. The maker's Approve is disabled: the
service refuses a maker approving their own proposal anyway, this only says so up front.

A decision is a write like Confirm (confirmed_write.py): the click moves it into a Flight,
the buttons are drawn disabled, the write runs once and its outcome stays on the page. A
second click of the same button (a double click, or one from the screen drawn before the
first) finds a write in flight or a decision already taken here and does nothing; a second
person deciding at the same moment is refused by the service ("already approved").
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from equity.errors import EquityError
from equity.services.approvals import (
    approve_pending,
    count_pending,
    list_pending,
    pending_impact,
    reject_pending,
)
from equity.services.views import PendingView, PortfolioView
from equity.storage.database import Database
from equity_app.components import impact_panel, toast
from equity_app.components.confirmed_write import Confirmation
from equity_app.format import day, money, timestamp
from equity_app.identity import Identity
from equity_app.literal import code, md
from equity_app.messages import in_words
from equity_app.state import writer

DECISION = Confirmation(
    pending="decision_pending",
    writing="decision_writing",
    error="decision_error",
    done="decision_done",
)
#: Proposals this session has already decided: a late second click on one does nothing.
DECIDED = "decided_pending_ids"
#: The portfolio the last decision was about: its outcome is not shown on another one.
DECIDED_ON = "decision_portfolio_id"
APPROVE, REJECT, WITHDRAW = "approve", "reject", "withdraw"
VERDICTS = {APPROVE: "Approved", REJECT: "Rejected", WITHDRAW: "Withdrawn"}


@dataclass(frozen=True)
class Decision:
    """One click on Approve, Reject or Withdraw: what to write, and how to say it."""

    pending_id: uuid.UUID
    verdict: str
    reason: str
    label: str
    currency: str
    #: Who decided, as their Database: the write runs off the session, so it is kept.
    db: Database


def show(portfolio: PortfolioView, identity: Identity) -> list[PendingView]:
    """The section: each proposal with its impact, and the decision buttons for writers.

    Returns the proposals shown, so the ledger can mark flows whose void awaits approval.
    """
    DECISION.settle(_after_decision)
    _forget_outcome_of_another(portfolio)
    try:
        items = list_pending(writer(), portfolio.id)
    except EquityError as error:
        st.error(md(in_words(error)), icon=":material/error:")
        return []
    if not items and not _has_outcome():
        return items
    st.subheader("Waiting for approval")
    messages = st.container()  # filled last: the write runs after the buttons are disabled
    if not items:
        st.caption("Nothing else waits for approval.")
    in_flight = DECISION.in_flight() is not None
    slots = [_proposal(item, portfolio, identity, in_flight) for item in items]
    # Impacts last: each is a preview that waits for any writer holding the portfolio, and
    # the buttons must already show their state. During a decision they are left out.
    for item, slot in zip(items, slots, strict=True):
        with slot:
            if in_flight:
                st.caption("What approving would do shows again once the decision is written.")
            else:
                _impact(item, portfolio.currency)
    with messages:
        DECISION.outcome(_deciding, _decide, _after_decision)
    return items


def notice(portfolio: PortfolioView) -> None:
    """The dashboard's line: how many flows await approval, and a link to decide them."""
    try:
        count = count_pending(writer(), portfolio.id)
    except EquityError:
        return  # the dashboard's figures stand without it; Cash flows says what went wrong
    if not count:
        return
    with st.container(border=True, key="pending_notice"):
        noun = "flow awaits" if count == 1 else "flows await"
        st.markdown(f":material/pending_actions: **{count} {noun} approval** by a second person.")
        st.page_link(
            "pages/cash_flows.py",
            label="Review on Cash flows",
            icon=":material/payments:",
            query_params={"portfolio": portfolio.name},
        )


def _forget_outcome_of_another(portfolio: PortfolioView) -> None:
    """A decision's message belongs to its portfolio: another one on screen drops it."""
    state = st.session_state
    if DECISION.writing not in state and state.get(DECIDED_ON, portfolio.id) != portfolio.id:
        DECISION.clear()
        state.pop(DECIDED_ON, None)


def _has_outcome() -> bool:
    state = st.session_state
    return any(key in state for key in (DECISION.writing, DECISION.error, DECISION.done))


def _proposal(
    item: PendingView, portfolio: PortfolioView, identity: Identity, in_flight: bool
) -> DeltaGenerator:
    """Who, when, what, and the decision buttons; returns the empty slot for its impact."""
    currency = portfolio.currency
    with st.container(border=True, key=f"pending_{item.id.hex}"):
        st.markdown(_what(item, currency))
        st.caption(f"Proposed by {code(item.proposed_by)} at {md(timestamp(item.proposed_at))}")
        slot = st.container()
        if identity.can_write(portfolio.id):
            _buttons(item, currency, _is_maker(identity, item), in_flight)
    return slot


def _what(item: PendingView, currency: str) -> str:
    """What the proposal does, as Markdown with every piece of user text literal."""
    amount = f"**{md(money(item.amount, currency))}** on {day(item.flow_date)}"
    notes = f" ({md(item.notes)})" if item.notes else ""
    if item.action == "void":
        return f"**Void** the {item.kind} of {amount}{notes}, because: {md(item.reason or '')}"
    return f"**{item.kind.capitalize()}** of {amount}{notes}"


def _label(item: PendingView, currency: str) -> str:
    """The proposal as plain text, for the toast and the result line."""
    what = f"{item.kind} of {money(item.amount, currency)} on {day(item.flow_date)}"
    what = f"void of the {what}" if item.action == "void" else what
    return f"{what} proposed by {item.proposed_by}"


def _impact(item: PendingView, currency: str) -> None:
    try:
        impact = pending_impact(writer(), item.id)
    except EquityError as error:
        st.warning(
            md(f"Approving it now would be refused: {in_words(error)}"), icon=":material/warning:"
        )
        return
    impact_panel.show(impact, currency, if_approved=True)


def _buttons(item: PendingView, currency: str, maker: bool, in_flight: bool) -> None:
    key = item.id.hex
    approve, reject = st.columns([1, 2], vertical_alignment="bottom")
    with approve:
        st.button(
            "Approve",
            key=f"approve_{key}",
            type="primary",
            disabled=maker or in_flight,
            on_click=_click,
            args=(item, currency, APPROVE),
        )
        if maker:
            st.caption("You proposed this: a different manager or admin approves it.")
    with reject:
        st.text_input(
            "Reason",
            key=f"reason_{key}",
            placeholder="why it is withdrawn" if maker else "why it is rejected",
            disabled=in_flight,
        )
        st.button(
            "Withdraw" if maker else "Reject",
            key=f"reject_{key}",
            on_click=_click,
            args=(item, currency, WITHDRAW if maker else REJECT),
            disabled=in_flight,
        )


def _is_maker(identity: Identity, item: PendingView) -> bool:
    return identity.email.strip().casefold() == item.proposed_by.strip().casefold()


def _click(item: PendingView, currency: str, verdict: str) -> None:
    """A decision button's on_click: put the decision in flight, unless one already is."""
    state = st.session_state
    if DECISION.writing in state or item.id in state.get(DECIDED, set()):
        return  # the second click of a double click, or a click on a decided proposal
    DECISION.clear()
    state[DECIDED_ON] = item.portfolio_id
    reason = "" if verdict == APPROVE else str(state.get(f"reason_{item.id.hex}") or "")
    state[DECISION.pending] = Decision(
        item.id, verdict, reason.strip(), _label(item, currency), currency, writer()
    )
    DECISION.begin()


def _deciding(decision: Decision, in_flight: bool) -> None:
    verb = {APPROVE: "Approving", REJECT: "Rejecting", WITHDRAW: "Withdrawing"}[decision.verdict]
    st.info(md(f"{verb} the {decision.label}…"), icon=":material/hourglass_top:")


def _decide(decision: Decision) -> str:
    """The write in flight; returns what the page says. No session state here."""
    if decision.verdict == APPROVE:
        impact = approve_pending(decision.db, decision.pending_id)
        equity = money(impact.new_equity_balance, decision.currency)
        return f"Approved the {decision.label}. Equity now {equity}."
    reject_pending(decision.db, decision.pending_id, decision.reason)
    return (
        f"{VERDICTS[decision.verdict]} the {decision.label}, because: {decision.reason}. "
        "Equity has not changed."
    )


def _after_decision(message: str) -> None:
    """Remember the decided proposal (settle runs this before it drops the Flight)."""
    state = st.session_state
    flight = state.get(DECISION.writing)
    if flight is not None:
        state[DECIDED] = state.get(DECIDED, set()) | {flight.request.pending_id}
    toast.queue(message)
