"""Correcting a portfolio's start (opening equity, inception date): impact first, then Confirm.

Preview correction asks the engine for the correction run and rolled back: old and new
values, the days recomputed, current equity before and after, the lowest equity after,
or the sentence saying why it would be refused (then there is no Confirm). While the
preview is open the fields are read-only (Edit reopens them).

Confirm applies exactly what was previewed, once (confirmed_write.py). It is keyed to the
previewed figures: if the portfolio changed since (another admin, a new snapshot), the
engine's preview now differs, and Confirm refuses and writes nothing. The recompute runs
under a spinner that counts the time; the result sentence says how long it took.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import streamlit as st

from equity.domain.number_format import read_amount
from equity.errors import EquityError
from equity.money import fmt2
from equity.services.lifecycle import CorrectionPreview, correct_portfolio, preview_correction
from equity.services.views import PortfolioView
from equity.storage.database import Database
from equity_app.components.confirmed_write import Confirmation
from equity_app.format import day, money, signed_money
from equity_app.literal import md
from equity_app.messages import in_words
from equity_app.state import writer

OPENING, INCEPTION = "correct_opening", "correct_inception"
#: Which portfolio the fields were filled from: another one (or a landed correction) refills.
FILLED_FOR = "correct_filled_for"
CORRECTION = Confirmation(
    pending="correction_pending",
    writing="correction_writing",
    error="correction_error",
    done="correction_done",
)
NOTHING_TO_CORRECT = (
    "Nothing to correct: change the opening equity or the inception date, then preview."
)


@dataclass(frozen=True)
class PendingCorrection:
    """A previewed correction: exactly the values Confirm applies, and what they did."""

    portfolio_id: uuid.UUID
    opening_equity: Decimal | None
    inception: date | None
    preview: CorrectionPreview
    #: Who previewed it, as their Database: Confirm writes off the session, so it is kept.
    db: Database


def show(portfolio: PortfolioView) -> None:
    """The correction form, then its preview, the write in flight or the result."""
    CORRECTION.settle(_after_correction)
    _forget_another(portfolio)
    _fill(portfolio)
    locked = CORRECTION.locked()
    st.markdown("**Correct the start**")
    with st.form("correction_form", border=True):
        left, right = st.columns(2)
        left.text_input(
            "Opening equity",
            key=OPENING,
            disabled=locked,
            help=f"Capital on the inception date, in {portfolio.currency}; 0 or more.",
        )
        right.date_input("Inception date", key=INCEPTION, format="YYYY-MM-DD", disabled=locked)
        st.form_submit_button(
            "Preview correction", on_click=_preview, args=(portfolio,), disabled=locked
        )
    if not CORRECTION.outcome(_panel, _write, _after_correction):
        st.caption(
            "Preview correction shows what changes (every day's equity from the inception "
            "on) before anything is written; Confirm applies it."
        )


def _fill(portfolio: PortfolioView) -> None:
    """The fields start from what is stored (before their widgets exist in this run)."""
    state = st.session_state
    if state.get(FILLED_FOR) == portfolio.id or CORRECTION.locked():
        return
    state[FILLED_FOR] = portfolio.id
    state[OPENING] = _typed(portfolio.opening_equity, portfolio.decimal_comma)
    state[INCEPTION] = portfolio.inception_date


def _typed(amount: Decimal, decimal_comma: bool) -> str:
    """``1000000.00``, or ``1000000,00`` where the portfolio writes a decimal comma."""
    text = fmt2(amount)
    return text.replace(".", ",") if decimal_comma else text


def _preview(portfolio: PortfolioView) -> None:
    """Preview correction (the form's submit): the engine runs it and rolls it back."""
    state = st.session_state
    CORRECTION.clear()
    try:
        opening = read_amount(
            state.get(OPENING) or "", "opening_equity", decimal_comma=portfolio.decimal_comma
        )
        inception = state.get(INCEPTION)
        changed_opening = opening if opening != portfolio.opening_equity else None
        changed_inception = inception if inception != portfolio.inception_date else None
        if changed_opening is None and changed_inception is None:
            state[CORRECTION.error] = NOTHING_TO_CORRECT
            return
        db = writer()
        preview = preview_correction(db, portfolio.id, changed_opening, changed_inception)
    except EquityError as error:
        state[CORRECTION.error] = in_words(error)
        return
    CORRECTION.keep_values(OPENING, INCEPTION)
    state[CORRECTION.pending] = PendingCorrection(
        portfolio.id, changed_opening, changed_inception, preview, db
    )


def _panel(pending: PendingCorrection, in_flight: bool) -> None:
    """Before -> after, the impact on equity, and Confirm (or why it is refused)."""
    preview = pending.preview
    currency = preview.currency
    with st.container(border=True, key="correction_preview"):
        st.markdown(md("Correct " + " and ".join(_changes(preview)) + "."))
        if preview.refusal is not None:
            st.error(md(_refused(preview.refusal)), icon=":material/block:")
            if preview.lowest_equity_after is not None and preview.lowest_equity_after < 0:
                st.metric(
                    f"Equity it would leave on {day(preview.lowest_equity_date)}",
                    money(preview.lowest_equity_after, currency),
                )
            st.button("Edit", key="correction_cancel", on_click=CORRECTION.clear)
            return
        change = preview.current_equity_after - preview.current_equity_before
        left, right = st.columns(2)
        left.metric(
            "Current equity after",
            money(preview.current_equity_after, currency),
            delta=f"{signed_money(change, currency)} from "
            f"{money(preview.current_equity_before, currency)}",
        )
        if preview.lowest_equity_after is not None:
            right.metric(
                f"Lowest equity after (on {day(preview.lowest_equity_date)})",
                money(preview.lowest_equity_after, currency),
            )
        days = preview.days_recomputed
        st.caption(f"{days} day{'s' if days != 1 else ''} of equity will be recomputed.")
        CORRECTION.buttons("correction", "Confirm correction", "Applying…", in_flight)


def _changes(preview: CorrectionPreview) -> list[str]:
    """``opening equity $1,000,000.00 → $1,200,000.00``, one per value that changes (plain)."""
    currency = preview.currency
    lines = []
    if preview.new_opening_equity != preview.old_opening_equity:
        old = money(preview.old_opening_equity, currency)
        lines.append(f"opening equity {old} → {money(preview.new_opening_equity, currency)}")
    if preview.new_inception != preview.old_inception:
        lines.append(f"inception {day(preview.old_inception)} → {day(preview.new_inception)}")
    return lines


def _refused(refusal: str) -> str:
    """The engine's refusal as the page says it: ``Would be refused: …``."""
    return f"This correction would be refused: {refusal}"


def _write(pending: PendingCorrection) -> str:
    """The write in flight: apply the previewed values, if they still do what was shown.

    No session state here (see confirmed_write); the spinner is drawn by the caller's run.
    """
    started = time.monotonic()
    with st.spinner(_busy(pending.preview), show_time=True):
        now = preview_correction(
            pending.db, pending.portfolio_id, pending.opening_equity, pending.inception
        )
        if now != pending.preview:
            raise EquityError(
                "The portfolio changed since this preview was made; nothing was corrected. "
                "Preview the correction again to see its impact now."
            )
        view = correct_portfolio(
            pending.db, pending.portfolio_id, pending.opening_equity, pending.inception
        )
    seconds = time.monotonic() - started
    preview = pending.preview
    days = preview.days_recomputed
    what = " and ".join(_changes(preview))
    return (
        f"Corrected {view.name}: {what}. {days} day{'s' if days != 1 else ''} recomputed in "
        f"{seconds:.1f} s; equity now {money(view.equity_balance, view.currency)}."
    )


def _busy(preview: CorrectionPreview) -> str:
    days = preview.days_recomputed
    return f"Applying the correction and recomputing {days} day{'s' if days != 1 else ''}…"


def _after_correction(_message: str) -> None:
    """The correction landed: the fields refill from what is now stored."""
    st.session_state.pop(FILLED_FOR, None)


def _forget_another(portfolio: PortfolioView) -> None:
    """A preview or result belongs to its portfolio: another one on screen drops them."""
    filled_for = st.session_state.get(FILLED_FOR)
    if filled_for is not None and filled_for != portfolio.id and not CORRECTION.in_flight():
        CORRECTION.clear()
        st.session_state.pop(FILLED_FOR, None)
