"""The dashboard's line when issued statements no longer match the books (issue 14)."""

from __future__ import annotations

import streamlit as st

from equity.errors import EquityError
from equity.services.statements import restated_count
from equity_app.state import writer


def show() -> None:
    """'N issued statements restated', linking to /statements; nothing when N is 0."""
    try:
        count = restated_count(writer())
    except EquityError:
        return  # the dashboard stands without it; the Statements page says what went wrong
    if not count:
        return
    with st.container(border=True, key="statement_restated_notice"):
        noun = "statement" if count == 1 else "statements"
        st.markdown(
            f":material/warning: **{count} issued {noun} restated**: a later change moved "
            "figures a client was sent."
        )
        st.page_link(
            "pages/statements.py", label="See them on Statements", icon=":material/description:"
        )
