"""A toast queued by a write callback and shown on the run that follows it.

Callbacks run before the page is drawn; queuing the message keeps one place that shows it.
Messages are plain text (they carry portfolio names and notes): the toast shows them literally.
"""

from __future__ import annotations

import streamlit as st

from equity_app.literal import md

_QUEUED = "queued_toast"


def queue(message: str) -> None:
    st.session_state[_QUEUED] = message


def show_queued() -> None:
    """Show (once) the message a write queued; pages call this near their top."""
    if message := st.session_state.pop(_QUEUED, None):
        st.toast(md(message), icon=":material/check_circle:")
