"""The sidebar's portfolio picker, shared by every page.

The choice is kept under its own session key (not only the widget's), so it survives a
page switch, and mirrored in ``?portfolio=NAME`` so the address can be shared: opening
such a link selects that portfolio.

A name the database does not hold (a misspelt link, a portfolio renamed elsewhere) never
falls back to another portfolio: the picker then chooses none, so no page shows a form
that would write to a portfolio the user did not ask for.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from equity.services.views import PortfolioView

SELECTED = "selected_portfolio"
WIDGET = "portfolio_picker"
QUERY = "portfolio"
UNKNOWN = "unknown_portfolio_asked"


def show(
    portfolios: list[PortfolioView], reread: Callable[[], list[PortfolioView]]
) -> PortfolioView | None:
    """Render the picker in the sidebar and return the chosen portfolio.

    None when there are no portfolios, or when the asked name is unknown even after
    ``reread`` (the database itself, not the cached list) was consulted.
    """
    st.session_state.pop(UNKNOWN, None)
    wanted = _wanted()
    if wanted and wanted not in _names(portfolios):
        portfolios = reread()
    if not portfolios:
        st.session_state.pop(SELECTED, None)
        return None
    names = _names(portfolios)
    if wanted and wanted not in names:
        _choose_none(names, wanted)
        return None
    chosen = wanted or names[0]
    st.session_state[SELECTED] = chosen
    # Always set: the widget's id includes the page, so a page switch makes a new widget
    # that would otherwise start at the first option.
    st.session_state[WIDGET] = chosen
    st.sidebar.selectbox("Portfolio", names, key=WIDGET, on_change=_remember)
    if st.query_params.get(QUERY) != chosen:
        st.query_params[QUERY] = chosen
    return portfolios[names.index(chosen)]


def unknown_name() -> str | None:
    """The name this run was asked for and the database does not hold, if any."""
    return st.session_state.get(UNKNOWN)


def _names(portfolios: list[PortfolioView]) -> list[str]:
    return [p.name for p in portfolios]


def _wanted() -> str | None:
    """A shared link wins, then the remembered choice; None means "the first is fine"."""
    return st.query_params.get(QUERY) or st.session_state.get(SELECTED) or None


def _choose_none(names: list[str], wanted: str) -> None:
    """The picker with nothing chosen; the link stays as it was until the user picks."""
    st.session_state.pop(SELECTED, None)
    st.session_state[UNKNOWN] = wanted
    st.session_state[WIDGET] = None
    st.sidebar.selectbox(
        "Portfolio", names, key=WIDGET, on_change=_remember, placeholder="Choose a portfolio"
    )


def _remember() -> None:
    """on_change: the widget's new value becomes the choice, and the URL follows it."""
    name = st.session_state[WIDGET]
    if name is None:
        return
    st.session_state[SELECTED] = name
    st.query_params[QUERY] = name


def choose(name: str) -> None:
    """Select ``name`` on the next run (after creating it, for instance)."""
    st.session_state[SELECTED] = name
    st.query_params[QUERY] = name
