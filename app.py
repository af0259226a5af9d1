"""Entry point: `streamlit run app.py`. Routes to the pages; each page draws the shared frame.

Adding a page is one line in PAGES (its URL path is its file name: /cash_flows, /history).
"""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="Equity", page_icon=":material/monitoring:", layout="wide")

PAGES = [
    st.Page("pages/dashboard.py", title="Dashboard", icon=":material/dashboard:", default=True),
    st.Page("pages/cash_flows.py", title="Cash flows", icon=":material/payments:"),
    st.Page("pages/history.py", title="History", icon=":material/timeline:"),
    st.Page("pages/data.py", title="Data", icon=":material/database:"),
]

st.navigation(PAGES).run()
