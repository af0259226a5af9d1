"""The Admin page's four-eyes switches: one per portfolio, written as it is flipped.

With four-eyes on, a flow recorded or voided in the app by a signed-in person waits for a
different manager or admin to approve it. Setting a switch is idempotent in the service
(setting what is set writes nothing), so a double flip cannot leave a stray audit entry.
"""

from __future__ import annotations

import uuid

import streamlit as st

from equity.errors import EquityError
from equity.services.portfolios import set_four_eyes
from equity.services.views import PortfolioView
from equity_app import data
from equity_app.components import toast
from equity_app.identity import Identity, current_identity
from equity_app.literal import md
from equity_app.messages import in_words

ERROR = "admin_four_eyes_error"
LOCAL_NOTE = (
    "Four-eyes applies to people signed in to the app. In local mode (no sign-in) and on "
    "the command line, the operator records and voids directly."
)


def show(who: Identity, portfolios: list[PortfolioView]) -> None:
    st.subheader("Four-eyes approval")
    st.caption(
        "On: a flow recorded or voided in the app waits until a different manager or admin "
        "approves it."
    )
    if who.local:
        st.info(LOCAL_NOTE, icon=":material/info:")
    if error := st.session_state.get(ERROR):
        st.error(md(error), icon=":material/error:")
    if not portfolios:
        st.caption("There are no portfolios yet.")
        return
    for portfolio in portfolios:
        key = switch_key(portfolio.id)
        st.session_state[key] = portfolio.four_eyes  # what the database holds, every run
        st.toggle(md(portfolio.name), key=key, on_change=_flip, args=(portfolio.id, key))


def switch_key(portfolio_id: uuid.UUID) -> str:
    return f"four_eyes_{portfolio_id.hex}"


def _flip(portfolio_id: uuid.UUID, key: str) -> None:
    state = st.session_state
    state.pop(ERROR, None)
    on = bool(state[key])
    try:
        view = set_four_eyes(current_identity().database(), portfolio_id, on)
    except EquityError as error:
        state[ERROR] = in_words(error)
        return
    finally:
        data.invalidate()
    toast.queue(f"Four-eyes approval is {'on' if view.four_eyes else 'off'} for {view.name}.")
