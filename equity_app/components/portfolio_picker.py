"""The sidebar's portfolio picker, shared by every page.

The choice is kept under its own session key (not only the widget's), so it survives a
page switch, and mirrored in ``?portfolio=NAME`` so the address can be shared: opening
such a link selects that portfolio.
"""

from __future__ import annotations

import streamlit as st

from equity.services.views import PortfolioView

SELECTED = "selected_portfolio"
WIDGET = "portfolio_picker"
QUERY = "portfolio"


def show(portfolios: list[PortfolioView]) -> PortfolioView | None:
    """Render the picker in the sidebar and return the chosen portfolio (None when none exist)."""
    if not portfolios:
        st.session_state.pop(SELECTED, None)
        return None
    names = [p.name for p in portfolios]
    chosen = _initial_choice(names)
    st.session_state[SELECTED] = chosen
    # Always set: the widget's id includes the page, so a page switch makes a new widget
    # that would otherwise start at the first option.
    st.session_state[WIDGET] = chosen
    st.sidebar.selectbox("Portfolio", names, key=WIDGET, on_change=_remember)
    if st.query_params.get(QUERY) != chosen:
        st.query_params[QUERY] = chosen
    return portfolios[names.index(chosen)]


def _initial_choice(names: list[str]) -> str:
    """A shared link wins, then the remembered choice, then the first portfolio by name."""
    asked = st.query_params.get(QUERY)
    remembered = st.session_state.get(SELECTED)
    if asked and asked != remembered:
        if asked in names:
            return asked
        st.sidebar.warning(f"No portfolio is named {asked!r}; showing another one.")
    return remembered if remembered in names else names[0]


def _remember() -> None:
    """on_change: the widget's new value becomes the choice, and the URL follows it."""
    name = st.session_state[WIDGET]
    st.session_state[SELECTED] = name
    st.query_params[QUERY] = name


def choose(name: str) -> None:
    """Select ``name`` on the next run (after creating it, for instance)."""
    st.session_state[SELECTED] = name
    st.query_params[QUERY] = name
