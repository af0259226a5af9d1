"""Entry point: `streamlit run app.py`. Routes to the pages; each page draws the shared frame.

Adding a page is one line in ``pages()`` (its URL path is its file name: /cash_flows).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from equity_app import identity, routing

#: The favicon is a file served by this server: a ``:material/…:`` page icon is fetched
#: from fonts.gstatic.com on every page view, a request that leaves the machine.
ICON = Path(__file__).parent / "equity_app" / "assets" / "icon.png"


def pages(*, admin: bool = True) -> list[st.Page]:
    """The app's pages, in menu order (a function: st.Page needs a running script).

    The Admin page is in the menu only for an administrator; it is still registered for
    everyone, so reaching it by its address says "admins only" instead of "no such page".
    """
    return [
        st.Page("pages/dashboard.py", title="Dashboard", icon=":material/dashboard:", default=True),
        st.Page("pages/cash_flows.py", title="Cash flows", icon=":material/payments:"),
        st.Page("pages/history.py", title="History", icon=":material/timeline:"),
        st.Page("pages/performance.py", title="Performance", icon=":material/trending_up:"),
        st.Page("pages/statements.py", title="Statements", icon=":material/description:"),
        st.Page("pages/audit.py", title="Audit", icon=":material/fact_check:"),
        st.Page("pages/data.py", title="Data", icon=":material/database:"),
        st.Page(
            "pages/admin.py",
            title="Admin",
            icon=":material/admin_panel_settings:",
            visibility="visible" if admin else "hidden",
        ),
    ]


def _menu() -> tuple[list[st.Page], bool]:
    """The pages and whether to show the menu: none before sign-in or without access.

    The gate itself is drawn by each page's frame (sidebar.show), which every page calls
    first, deep links included; here only the menu follows the person.
    """
    try:
        who = identity.current_identity()
    except Exception:  # the page's own frame says what failed (database, bad URL)
        return pages(admin=False), False
    return pages(admin=who.is_admin), who.has_access


if __name__ == "__main__":  # Streamlit runs the entry point as __main__; the frame imports it
    st.set_page_config(page_title="Equity", page_icon=str(ICON), layout="wide")
    routing.run(*_menu())
