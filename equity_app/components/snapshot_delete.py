"""Deleting one day's snapshot from its History row: select the row, see the impact, confirm.

Selecting a row opens a dialog about that day, held by its date (history_table turns the
selected position into the date the moment it arrives). The impact is the engine's own
preview (the delete run and rolled back): the day's figures, equity now and after, the
days recomputed, and, for a day that holds deposits or withdrawals, that a carried-forward
row stays to hold them. A delete the engine would refuse shows why, and no Delete button.

Confirm delete writes once (confirmed_write.py) and deletes exactly what was previewed:
if the portfolio changed meanwhile (the preview no longer matches), it is refused and the
new impact shown instead. What happened stays above the table until the next delete.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import streamlit as st

from equity.errors import EquityError, ValidationError
from equity.services.snapshots import (
    SnapshotDeletePreview,
    delete_snapshot,
    preview_snapshot_delete,
)
from equity.services.views import PortfolioView
from equity.storage.database import Database
from equity_app.components import history_table
from equity_app.components.confirmed_write import Confirmation
from equity_app.components.history_table import SOURCES
from equity_app.format import day, money, signed_money
from equity_app.literal import md
from equity_app.messages import in_words
from equity_app.state import writer

#: The day the dialog is about, with its portfolio: (portfolio id, date).
TARGET = "snapshot_delete_target"
#: The portfolio the last delete was about: its sentence is not shown on another one.
DONE_ON = "snapshot_delete_done_portfolio"
DELETE = Confirmation(
    pending="snapshot_delete_pending",
    writing="snapshot_delete_writing",
    error="snapshot_delete_error",
    done="snapshot_delete_done",
)
CARRIED_NOTE = (
    "This day holds deposits or withdrawals, so a carried-forward row stays to hold them: "
    "the previous day's market value and no P&L."
)


@dataclass(frozen=True)
class PendingDelete:
    portfolio_id: uuid.UUID
    day: date
    currency: str
    preview: SnapshotDeletePreview
    #: Who previewed it, as their Database: Confirm writes off the session, so it is kept.
    db: Database


def show(portfolio: PortfolioView, picked: date | None) -> None:
    """The dialog about the day ``picked`` (just selected) or already open, if any.

    Call it after the history table: ``picked`` is what history_table.show returned.
    """
    DELETE.settle(_after_delete)
    _forget_another(portfolio)
    if picked is not None and DELETE.in_flight() is None:
        _open(portfolio, picked)
    if st.session_state.get(TARGET) is not None:
        _delete_dialog()


def outcome(portfolio: PortfolioView) -> None:
    """What the last delete did, as a sentence that stays (drawn above the table)."""
    DELETE.settle(_after_delete)
    state = st.session_state
    done = state.get(DELETE.done)
    if done and state.get(TARGET) is None and state.get(DONE_ON) == portfolio.id:
        st.success(md(done), icon=":material/check_circle:")


def _open(portfolio: PortfolioView, snapshot_day: date) -> None:
    """A row was selected: a fresh dialog about that day, with the engine's preview."""
    state = st.session_state
    DELETE.clear()
    state[TARGET] = (portfolio.id, snapshot_day)
    try:
        db = writer()
        preview = preview_snapshot_delete(db, portfolio.id, snapshot_day)
    except EquityError as error:
        state[DELETE.error] = in_words(error)
        return
    state[DELETE.pending] = PendingDelete(
        portfolio.id, snapshot_day, portfolio.currency, preview, db
    )


def _dismissed() -> None:
    """The dialog was closed (X, Esc, Cancel): drop it, unless a write is in flight."""
    if DELETE.dismiss(TARGET):
        history_table.clear_selection()


@st.dialog("Delete a day", icon=":material/event_busy:", width="medium", on_dismiss=_dismissed)
def _delete_dialog() -> None:
    """The day's figures and the impact; then Confirm delete (or why it is refused)."""
    if error := st.session_state.get(DELETE.error):
        st.error(md(error), icon=":material/error:")
    if (writing := DELETE.in_flight()) is not None:
        _impact(writing, in_flight=True)
        DELETE.finish(_delete, _after_delete)
    elif (pending := DELETE.pending_request()) is not None:
        _impact(pending, in_flight=False)
    else:
        st.button("Close", key="snapshot_delete_close", on_click=_dismissed)


def _impact(pending: PendingDelete, *, in_flight: bool) -> None:
    preview, currency = pending.preview, pending.currency
    source = SOURCES.get(preview.old_source, preview.old_source)
    st.markdown(
        f"The snapshot of **{day(preview.snapshot_date)}** ({md(source)}): daily P&L "
        f"{md(signed_money(preview.old_daily_pnl, currency))}, total value "
        f"{md(money(preview.old_total_value, currency))}."
    )
    if preview.keeps_carry_forward:
        st.info(CARRIED_NOTE, icon=":material/event_repeat:")
    if preview.refusal is not None:
        st.error(md(_refusal(preview.refusal)), icon=":material/block:")
        st.button("Close", key="snapshot_delete_close", on_click=_dismissed)
        return
    change = preview.current_equity_after - preview.current_equity_before
    st.metric(
        "Current equity after the delete",
        money(preview.current_equity_after, currency),
        delta=f"{signed_money(change, currency)} from "
        f"{money(preview.current_equity_before, currency)}",
    )
    st.caption(f"{_recomputed(preview)} The deleted figures are kept in the audit.")
    confirm, cancel = st.columns(2)
    confirm.button(
        "Deleting…" if in_flight else "Confirm delete",
        type="primary",
        key="snapshot_delete_confirm",
        on_click=DELETE.begin,
        disabled=in_flight,
    )
    cancel.button("Cancel", key="snapshot_delete_cancel", on_click=_dismissed, disabled=in_flight)


def _recomputed(preview: SnapshotDeletePreview) -> str:
    """What the recompute touches: the days from the deleted one on (none for the newest)."""
    days = preview.days_recomputed
    if days == 0:
        return "No later day needs recomputing."
    counted = "1 day" if days == 1 else f"{days} days"
    return f"Equity will be recomputed on {counted} from {day(preview.snapshot_date)} on."


def _refusal(refusal: str) -> str:
    """The engine's ``snapshot_date: …`` as the page says it: ``Snapshot date: …``."""
    field, _, message = refusal.partition(": ")
    if not message or not field.replace("_", "").isalpha() or not field.islower():
        return refusal  # not a field's message (an archived portfolio, say): as it is
    return in_words(ValidationError(field, message))


def _delete(pending: PendingDelete) -> str:
    """The write in flight: delete the previewed day, if it still reads as previewed.

    No session state here (see confirmed_write): the page's follow-up is _after_delete.
    """
    now = preview_snapshot_delete(pending.db, pending.portfolio_id, pending.day)
    if now != pending.preview:
        raise EquityError(
            f"The portfolio changed since this preview of {day(pending.day)} was made; "
            "nothing was deleted. Select the row again to see the impact now."
        )
    result = delete_snapshot(pending.db, pending.portfolio_id, pending.day)
    equity = money(result.new_equity_balance, pending.currency)
    kept = " (a carried-forward row keeps its flows)" if pending.preview.keeps_carry_forward else ""
    days = result.days_recomputed
    return (
        f"Deleted the snapshot of {day(pending.day)}{kept}. Equity now {equity}; "
        f"{days} day{'s' if days != 1 else ''} recomputed."
    )


def _after_delete(message: str) -> None:
    """The delete landed: close the dialog, unmark the row; the sentence stays on the page."""
    flight = st.session_state.get(DELETE.writing)  # settle calls this before it drops it
    if flight is not None:
        st.session_state[DONE_ON] = flight.request.portfolio_id
    st.session_state.pop(TARGET, None)
    history_table.clear_selection()


def _forget_another(portfolio: PortfolioView) -> None:
    """A dialog and its preview belong to their portfolio: another one on screen drops them."""
    target = st.session_state.get(TARGET)
    if target is not None and target[0] != portfolio.id and DELETE.in_flight() is None:
        st.session_state.pop(TARGET, None)
        DELETE.clear()
