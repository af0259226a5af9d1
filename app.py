"""Entry point: `streamlit run app.py`. Routes to the pages; each page draws the shared frame.

Adding a page is one line in ``pages()`` (its URL path is its file name: /cash_flows).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from equity_app import routing

#: The favicon is a file served by this server: a ``:material/…:`` page icon is fetched
#: from fonts.gstatic.com on every page view, a request that leaves the machine.
ICON = Path(__file__).parent / "equity_app" / "assets" / "icon.png"


def pages() -> list[st.Page]:
    """The app's pages, in menu order (a function: st.Page needs a running script)."""
    return [
        st.Page("pages/dashboard.py", title="Dashboard", icon=":material/dashboard:", default=True),
        st.Page("pages/cash_flows.py", title="Cash flows", icon=":material/payments:"),
        st.Page("pages/history.py", title="History", icon=":material/timeline:"),
        st.Page("pages/performance.py", title="Performance", icon=":material/trending_up:"),
        st.Page("pages/audit.py", title="Audit", icon=":material/fact_check:"),
        st.Page("pages/data.py", title="Data", icon=":material/database:"),
    ]


if __name__ == "__main__":  # Streamlit runs the entry point as __main__; the frame imports it
    st.set_page_config(page_title="Equity", page_icon=str(ICON), layout="wide")
    routing.run(pages())
