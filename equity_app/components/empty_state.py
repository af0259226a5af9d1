"""What a page says instead of an empty chart: why it is empty and where to go next."""

from __future__ import annotations

import streamlit as st

from equity.services.views import PortfolioView
from equity_app.components import portfolio_picker
from equity_app.format import money
from equity_app.literal import md

DATA_PAGE = "pages/data.py"
#: A query value is shown in full up to this length; a longer one is cut (it is no name).
SHOWN_NAME_LENGTH = 120


def no_portfolio() -> None:
    """Why the page shows no portfolio: the link names an unknown one, or there are none."""
    if not unknown_portfolio():
        no_portfolios()


def unknown_portfolio() -> bool:
    """Say so when the link (or the remembered choice) names a portfolio that does not exist.

    The asked name is shown as typed, never as Markdown. True when it was said.
    """
    asked = portfolio_picker.unknown_name()
    if asked is None:
        return False
    if renamed := portfolio_picker.renamed():
        _renamed(*renamed)
        return True
    st.warning(
        f"No portfolio is named {md(repr(_cut(asked)))}. Choose one in the sidebar: nothing is "
        "shown or recorded until you do.",
        icon=":material/help:",
    )
    return True


def _renamed(old: str, new: str) -> None:
    """An old link: what the portfolio is called now, and a button that opens it."""
    st.warning(
        f"{md(repr(_cut(old)))} was renamed to {md(repr(new))}. Nothing is shown under the "
        "old name: open the portfolio by its new one, and update links that use the old.",
        icon=":material/drive_file_rename_outline:",
    )
    st.button(
        f"Open {md(new)}",
        key="open_renamed_portfolio",
        icon=":material/arrow_forward:",
        on_click=portfolio_picker.choose,
        args=(new,),
    )


def _cut(asked: str) -> str:
    """A query value in full up to a name's length; a longer one is cut (it is no name)."""
    return asked if len(asked) <= SHOWN_NAME_LENGTH else asked[:SHOWN_NAME_LENGTH] + "…"


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
        f"{md(portfolio.name)} has no snapshots yet, so its equity is its opening equity, "
        f"{money(portfolio.opening_equity, portfolio.currency)}, since "
        f"{portfolio.inception_date.isoformat()}. Import daily P&L on the Data page to see "
        "equity move.",
        icon=":material/hourglass_empty:",
    )
    st.page_link(DATA_PAGE, label="Import snapshots", icon=":material/upload_file:")
