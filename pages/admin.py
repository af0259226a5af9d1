"""Admin: people and their roles, and four-eyes per portfolio (administrators only)."""

from __future__ import annotations

import streamlit as st

from equity_app.components import sidebar
from equity_app.identity import current_identity

sidebar.show()
st.title("Admin")
who = current_identity()
if not who.is_admin:
    st.warning(
        "Only an administrator can manage people and portfolio settings.",
        icon=":material/lock:",
    )
    st.stop()
