"""The deposit / withdrawal form: Record previews, Confirm writes exactly what was previewed, once.

Nothing is written until Confirm, and Confirm writes the previewed request, never what the
form holds later: while a preview is open the form is read-only (Edit reopens it and drops
the preview), and while the write is in flight Confirm is disabled (confirmed_write.py).

The idempotency key belongs to the previewed request: a hash of the form's nonce, the
portfolio, type, amount, date and notes. Previewing the same request again gives the same
key, so if an earlier Confirm was recorded without this page hearing of it, Confirm answers
"already recorded" and writes nothing; a different request gets a different key, and the
engine refuses a key reused for a different flow. The nonce changes once a flow is recorded,
so an identical deposit made on purpose later is a new flow.

On a four-eyes portfolio a signed-in person only proposes: the preview is the same, the
button reads "Submit for approval", and Confirm stores the proposal (same key, same
guarantees) for a different manager or admin to approve; equity does not change until then.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date

import streamlit as st

from equity.domain.number_format import read_positive_amount
from equity.domain.rules import FLOW_KINDS
from equity.errors import EquityError
from equity.money import fmt2
from equity.services.approvals import needs_approval, propose_cash_flow
from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.services.views import FlowImpact, FlowView, PortfolioView
from equity.storage.database import Database
from equity_app import data
from equity_app.components import decimal_separator, impact_panel, toast
from equity_app.components.confirmed_write import Confirmation
from equity_app.components.preview_note import carried_forward_note
from equity_app.format import day, money, timestamp
from equity_app.literal import md
from equity_app.messages import in_words
from equity_app.state import today, writer

#: The amount's placeholder, by the portfolio's decimal separator (comma: True).
_AMOUNT_EXAMPLE = {False: "e.g. 250000.00", True: "e.g. 250.000,00"}
#: The radio's labels for the domain's flow kinds, in their order.
KINDS = {kind.capitalize(): kind for kind in FLOW_KINDS}
KIND, AMOUNT, DATE, NOTES = "flow_kind", "flow_amount", "flow_date", "flow_notes"
NONCE = "flow_form_nonce"
CLEAR = "flow_form_clear"
#: Set by a preview: the next drawing of the confirmation brings it into view once.
SCROLL = "flow_scroll_to_confirmation"
#: At phone width the outcome column stacks under the form, so Confirm would sit below the
#: fold after Record: the browser brings the confirmation into view ("nearest": a wide
#: screen, where it is already in view beside the form, does not move).
SCROLL_SCRIPT = """<script>
setTimeout(() => {
  const box = document.querySelector(".st-key-flow_confirmation");
  if (box) box.scrollIntoView({behavior: "smooth", block: "nearest"});
}, 150);
</script>"""
FLOW = Confirmation(
    pending="flow_pending", writing="flow_writing", error="flow_error", done="flow_done"
)
#: The date picker's floor. Streamlit's default floor (ten years back) and a floor at the
#: inception date both make the browser keep the previous date when an earlier one is typed;
#: with a distant floor the typed date reaches the engine, which refuses it in words.
EARLIEST_DATE = date(1900, 1, 1)


@dataclass(frozen=True)
class Pending:
    """A previewed flow awaiting Confirm: exactly the request that will be recorded."""

    request: FlowRequest
    impact: FlowImpact
    currency: str
    portfolio_name: str
    #: Who previewed it, as their Database: Confirm writes off the session, so it is kept.
    db: Database
    look_alikes: tuple[FlowView, ...] = ()
    #: Four-eyes: Confirm proposes the flow for a second person's approval instead.
    propose: bool = False
    #: Said when the flow's date has no snapshot: a carried-forward day will be added.
    carried_forward: str | None = None


def show(portfolio: PortfolioView, *, four_eyes: bool = False) -> None:
    """The form on the left; its errors, the confirmation or the result on the right.

    ``four_eyes``: what this person records waits for a second person's approval.
    """
    FLOW.settle(_after_record)
    _apply_clear()
    _forget_preview_of_another(portfolio)
    st.session_state.setdefault(DATE, today())
    locked = FLOW.locked()
    form_column, outcome_column = st.columns([2, 3], gap="large")
    with form_column, st.form("cash_flow_form", border=True):
        st.radio("Type", list(KINDS), key=KIND, horizontal=True, disabled=locked)
        st.text_input(
            "Amount",
            key=AMOUNT,
            placeholder=_AMOUNT_EXAMPLE[decimal_separator.portfolio_uses_comma(portfolio)],
            help=f"In {portfolio.currency}, decimal "
            + ("comma" if decimal_separator.portfolio_uses_comma(portfolio) else "point"),
            disabled=locked,
        )
        st.date_input(
            "Date",
            key=DATE,
            min_value=EARLIEST_DATE,
            format="YYYY-MM-DD",
            # No max_value either: a picker that silently clamps hides the rule; a date out
            # of the portfolio's life is refused in words instead.
            help=f"From the inception date ({portfolio.inception_date}) to today.",
            disabled=locked,
        )
        st.text_input("Notes", key=NOTES, placeholder="e.g. Q3 capital call", disabled=locked)
        st.form_submit_button(
            "Record", type="primary", on_click=_preview, args=(portfolio,), disabled=locked
        )
    with outcome_column:
        _outcome(four_eyes)


def _outcome(four_eyes: bool) -> None:
    if FLOW.outcome(_confirmation, _record, _after_record):
        return
    if four_eyes:
        st.caption(
            "This portfolio needs a second person: Record shows what the flow would do to "
            "equity; Submit for approval sends it to a different manager or admin, and "
            "equity changes only when they approve it."
        )
    else:
        st.caption(
            "Record shows what the flow does to equity (on its date, and today) before "
            "anything is written; Confirm writes it."
        )


def _confirmation(pending: Pending, in_flight: bool) -> None:
    request = pending.request
    with st.container(border=True, key="flow_confirmation"):
        notes = f" ({request.notes})" if request.notes else ""
        verb = "Propose" if pending.propose else "Confirm"
        st.markdown(
            f"**{verb} the {request.kind}** of **{md(money(request.amount, pending.currency))}** "
            f"on {day(request.flow_date)} into **{md(pending.portfolio_name)}**{md(notes)}"
        )
        for flow in pending.look_alikes:
            st.warning(md(_look_alike_text(flow, pending.currency)), icon=":material/content_copy:")
        if pending.carried_forward:
            st.info(pending.carried_forward, icon=":material/event_busy:")
        impact_panel.show(pending.impact, pending.currency, if_approved=pending.propose)
        if pending.propose:
            st.caption("Nothing changes until a different manager or admin approves it.")
            FLOW.buttons("flow", "Submit for approval", "Submitting…", in_flight)
        else:
            FLOW.buttons("flow", "Confirm", "Recording…", in_flight)
        if in_flight:
            st.caption("Writing to the database… this page updates when it is done.")
    if not in_flight and st.session_state.pop(SCROLL, False):
        st.html(SCROLL_SCRIPT, unsafe_allow_javascript=True)


def _preview(portfolio: PortfolioView) -> None:
    """Record (form submit): validate and preview; nothing is written yet."""
    state = st.session_state
    FLOW.clear()
    try:
        request = _request(portfolio)
        db = writer()
        impact = record_cash_flow(db, request, preview=True)
        propose = needs_approval(db, portfolio.id)
    except EquityError as error:
        state[FLOW.error] = in_words(error)
        return
    look_alikes = _look_alikes(data.cash_flows(portfolio.id), request)
    frame = data.history(portfolio.id).frame
    note = carried_forward_note(
        request.flow_date, zip(frame["date"], frame["source"], strict=True), if_approved=propose
    )
    FLOW.keep_values(KIND, AMOUNT, DATE, NOTES)
    state[FLOW.pending] = Pending(
        request, impact, portfolio.currency, portfolio.name, db, look_alikes, propose, note
    )
    state[SCROLL] = True


def _request(portfolio: PortfolioView) -> FlowRequest:
    """The form's fields as the request Confirm will record, keyed by what it records."""
    state = st.session_state
    kind = KINDS[state[KIND]]
    # The portfolio's stated separator: "1.250,50" on a decimal-comma portfolio, never a guess.
    amount = read_positive_amount(
        state[AMOUNT], "amount", decimal_comma=decimal_separator.portfolio_uses_comma(portfolio)
    )
    notes = state[NOTES] or None
    flow_date = state[DATE]
    return FlowRequest(
        portfolio=portfolio.id,
        flow_date=flow_date,
        kind=kind,
        amount=amount,
        notes=notes,
        idempotency_key=_request_key(portfolio, kind, fmt2(amount), flow_date, notes),
    )


def _request_key(
    portfolio: PortfolioView, kind: str, amount: str, flow_date: date, notes: str | None
) -> str:
    """The same request from the same form gets the same key; any other request another."""
    nonce = st.session_state.setdefault(NONCE, uuid.uuid4().hex)
    terms = [nonce, str(portfolio.id), kind, amount, flow_date.isoformat(), notes or ""]
    return "app-" + hashlib.sha256("\x1f".join(terms).encode()).hexdigest()[:40]


def _look_alikes(ledger: list[FlowView], request: FlowRequest) -> tuple[FlowView, ...]:
    """Live flows with the same date, type and amount: a hurried second entry, perhaps."""
    return tuple(
        flow
        for flow in ledger
        if not flow.voided
        and (flow.flow_date, flow.kind, flow.amount)
        == (request.flow_date, request.kind, request.amount)
    )


def _look_alike_text(flow: FlowView, currency: str) -> str:
    return (
        f"The ledger already holds a {flow.kind} of {money(flow.amount, currency)} on "
        f"{day(flow.flow_date)}, recorded {timestamp(flow.created_at)} by {flow.created_by}. "
        "Confirm records another one."
    )


def _record(pending: Pending) -> str:
    """The write in flight: record the previewed request; returns what the page says.

    No session state here (see confirmed_write): the page's follow-up is _after_record.
    """
    if pending.propose:
        return _propose(pending)
    impact = record_cash_flow(pending.db, pending.request)
    request = pending.request
    equity = money(impact.new_equity_balance, pending.currency)
    outcome = "was already recorded; nothing new was written" if impact.already_recorded else ""
    return (
        f"{request.kind.capitalize()} of {money(request.amount, pending.currency)} on "
        f"{day(request.flow_date)} into {pending.portfolio_name} "
        f"{outcome or 'recorded'}. Equity now {equity}."
    )


def _propose(pending: Pending) -> str:
    """Four-eyes: store the previewed request as a proposal; equity stays as it is."""
    proposal = propose_cash_flow(pending.db, pending.request)
    amount = money(proposal.amount, pending.currency)
    return (
        f"{proposal.kind.capitalize()} of {amount} on {day(proposal.flow_date)} into "
        f"{pending.portfolio_name} submitted for approval: it waits for a second person's "
        "approval, and equity has not changed."
    )


def _after_record(message: str) -> None:
    toast.queue(message)
    st.session_state.pop(NONCE, None)  # the next flow is a new request with a new key
    st.session_state[CLEAR] = True


def _forget_preview_of_another(portfolio: PortfolioView) -> None:
    """A preview belongs to the portfolio it was made on: another one on screen drops it."""
    pending: Pending | None = FLOW.pending_request()
    if pending is not None and pending.request.portfolio != portfolio.id:
        FLOW.clear()


def _apply_clear() -> None:
    """Empty the form after a recorded flow (before its widgets exist in this run)."""
    state = st.session_state
    if state.pop(CLEAR, False):
        state[AMOUNT] = ""
        state[NOTES] = ""
        state[DATE] = today()
        state[KIND] = "Deposit"
