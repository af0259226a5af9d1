"""Making sure every run goes through ``app.py``'s ``st.navigation``.

Streamlit still honours the old "pages/ folder" convention until the first run that calls
``st.navigation``: if a server's very first request is a deep link (``/cash_flows``), it
runs that page file on its own, with an automatic menu of file names, and keeps doing so
for every session until someone opens ``/``. The frame of every page calls
:func:`ensure` to register the real navigation and rerun the same address through it.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from equity_app import failures

_ROUTED = "routed_by_navigation"


def run(pages: list[st.Page], menu: bool = True) -> None:
    """The entry point's routing: remember that this session is routed, run the page.

    ``menu`` False hides the page menu (before sign-in, or without access: the gate's
    page is all there is). ``page.run()`` lets a page's exceptions through: the guard
    turns them into a message.
    """
    st.session_state[_ROUTED] = True
    navigation = st.navigation(pages, position="sidebar" if menu else "hidden")
    with failures.guarded():
        navigation.run()


def ensure(pages: Callable[[], list[st.Page]]) -> None:
    """Called by each page: when the run bypassed ``app.py``, register it and rerun."""
    if st.session_state.get(_ROUTED):
        return
    st.session_state[_ROUTED] = True
    st.navigation(pages(), position="hidden")
    st.rerun()
