"""Issuing (and reissuing) a statement from the page: preview, Confirm, written once.

"Issue this statement" opens a confirmation of what is about to be frozen; Confirm
writes through :mod:`confirmed_write`, so a double click or a rerun never issues twice
(the Flight is claimed once). Reissue of a restated statement is the same confirmation
for its period. Only managers and admins see the buttons; the service checks anyway.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import streamlit as st

from equity.services.statements import issue_statement
from equity.storage.database import Database
from equity_app.components.confirmed_write import Confirmation
from equity_app.literal import md
from equity_app.state import writer

ISSUE = Confirmation(
    pending="statement_issue_pending",
    writing="statement_issue_writing",
    error="statement_issue_error",
    done="statement_issue_done",
)
#: The portfolio the last outcome was about: not shown on another one.
DONE_ON = "statement_issue_done_portfolio"


@dataclass(frozen=True)
class PendingIssue:
    portfolio_id: uuid.UUID
    portfolio: str
    start: date
    end: date
    #: The version this replaces (a reissue), else None.
    replaces: int | None
    #: Who asked, as their Database: Confirm writes off the session, so it is kept.
    db: Database


def ask(portfolio_id: uuid.UUID, name: str, start: date, end: date, replaces: int | None) -> None:
    """A button's on_click: show the confirmation for this period (a fresh one)."""
    ISSUE.clear()
    st.session_state[ISSUE.pending] = PendingIssue(
        portfolio_id, name, start, end, replaces, writer()
    )


def show(
    portfolio_id: uuid.UUID,
    name: str,
    start: date,
    end: date,
    may_issue: bool,
    issued_version: int | None,
) -> None:
    """The Issue button for the period on screen, and the confirmation or outcome.

    When the period was issued already, the button says it makes the next version.
    """
    state = st.session_state
    if state.get(DONE_ON, portfolio_id) != portfolio_id and ISSUE.in_flight() is None:
        ISSUE.clear()
        state.pop(DONE_ON, None)
    if not may_issue:
        st.caption("Viewers read and download statements; managers and admins issue them.")
        return
    shown = ISSUE.outcome(_panel, _issue, _issued)
    if not shown or state.get(ISSUE.done):
        label = (
            f"Issue again (version {issued_version + 1})"
            if issued_version
            else "Issue this statement"
        )
        st.button(
            label,
            icon=":material/verified:",
            key="statement_issue",
            on_click=ask,
            args=(portfolio_id, name, start, end, issued_version),
            disabled=ISSUE.locked(),
        )


def _panel(request: PendingIssue, in_flight: bool) -> None:
    with st.container(border=True, key="statement_issue_panel"):
        what = "Reissue" if request.replaces else "Issue"
        st.markdown(
            f"**{what} the statement of {md(request.portfolio)} from {request.start} to "
            f"{request.end}?**"
        )
        replaced = (
            f" It becomes the next version, pointing to version {request.replaces}, which "
            "stays as it was sent."
            if request.replaces
            else ""
        )
        st.caption(
            "Its figures and PDF are frozen with a SHA-256, your name and the time; a later "
            f"change that moves a figure marks it restated.{replaced}"
        )
        ISSUE.buttons("statement_issue", f"Confirm {what.lower()}", "Issuing…", in_flight)


def _issue(request: PendingIssue) -> str:
    issued = issue_statement(request.db, request.portfolio_id, request.start, request.end)
    return (
        f"Issued version {issued.version} of the statement from {issued.start} to "
        f"{issued.end} (SHA-256 {issued.sha256[:12]}…)."
    )


def _issued(_outcome: str) -> None:
    request = st.session_state.get(ISSUE.writing)
    if request is not None:
        st.session_state[DONE_ON] = request.request.portfolio_id
