"""What a page says instead of an empty chart: why it is empty and where to go next."""

from __future__ import annotations

import streamlit as st

from equity.services.views import PortfolioView
from equity_app.format import money

DATA_PAGE = "pages/data.py"


def no_portfolios() -> None:
    """An empty database: the way forward is creating a portfolio."""
    st.info(
        "There are no portfolios in this database yet. Create one (name, currency, "
        "inception date, opening equity) on the Data page, then import its snapshots.",
        icon=":material/inbox:",
    )
    st.page_link(DATA_PAGE, label="Create a portfolio", icon=":material/add_circle:")


def no_snapshots(portfolio: PortfolioView) -> None:
    """A portfolio without snapshots: equity is its opening equity until P&L arrives."""
    st.info(
        f"{portfolio.name} has no snapshots yet, so its equity is its opening equity, "
        f"{money(portfolio.opening_equity, portfolio.currency)}, since "
        f"{portfolio.inception_date.isoformat()}. Import daily P&L on the Data page to see "
        "equity move.",
        icon=":material/hourglass_empty:",
    )
    st.page_link(DATA_PAGE, label="Import snapshots", icon=":material/upload_file:")
