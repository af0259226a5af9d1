"""The gate every page passes first: sign in, no access, or the person in the sidebar.

With sign-in configured, a signed-out visitor sees the app's name and a **Sign in** button,
nothing else; a signed-in person without a grant sees their email and that they have no
access, with **Sign out**. Both stop the run before a page reads a figure. Everyone let
through sees who they are in the sidebar (or the local-mode badge).
"""

from __future__ import annotations

import streamlit as st

from equity_app.identity import Identity, current_identity
from equity_app.literal import code

APP_NAME = "Equity"
LOCAL_BADGE = "Local mode: no sign-in"


def admit() -> Identity:
    """This run's person, let through; otherwise draw the gate's page and stop the run."""
    who = current_identity()
    if who.signed_out:
        _sign_in_page()
        st.stop()
    if not who.has_access:
        _no_access_page(who)
        st.stop()
    _who_in_sidebar(who)
    return who


def _sign_in_page() -> None:
    st.title(APP_NAME)
    st.write("Portfolio equity, cash flows and performance. Sign in to continue.")
    if st.button("Sign in", type="primary", icon=":material/login:", key="sign_in"):
        st.login()


def _no_access_page(who: Identity) -> None:
    st.title(APP_NAME)
    if who.local:  # local mode reached from another machine: nobody to sign out
        st.error(f"Not available: {who.problem}.", icon=":material/block:")
        return
    shown = code(who.email) if who.email else "This account"
    if who.problem:
        st.error(f"{shown} cannot be let in: {who.problem}.", icon=":material/block:")
    else:
        st.warning(
            f"{shown} has no access to this app. Ask an administrator to add this email "
            "with a role; then reload this page.",
            icon=":material/lock:",
        )
    _sign_out_button()


def _who_in_sidebar(who: Identity) -> None:
    with st.sidebar:
        if who.local:
            st.badge(LOCAL_BADGE, icon=":material/warning:", color="orange")
            return
        st.caption(f"Signed in as {code(who.email)} ({who.role_label})")
        _sign_out_button()


def _sign_out_button() -> None:
    """In a callback: the run that follows already has nobody signed in, draws no figure."""
    st.button("Sign out", icon=":material/logout:", key="sign_out", on_click=st.logout)
