"""The sidebar's portfolio picker, shared by every page.

The choice is kept under its own session key (not only the widget's), so it survives a
page switch, and mirrored in ``?portfolio=NAME`` so the address can be shared: opening
such a link selects that portfolio.

A name the database does not hold (a misspelt link, a portfolio renamed elsewhere) never
falls back to another portfolio: the picker then chooses none, so no page shows a form
that would write to a portfolio the user did not ask for. A name that was renamed is
remembered with its new name, so the page can say so and offer the new one.

Archived portfolios are left out unless the "Show archived" switch under the picker is on;
a link (or a remembered choice) naming an archived portfolio turns the switch on rather
than reading as unknown. Each archived one is marked in the list.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from equity.services.views import PortfolioView

SELECTED = "selected_portfolio"
WIDGET = "portfolio_picker"
QUERY = "portfolio"
UNKNOWN = "unknown_portfolio_asked"
#: (old name, new name) when the asked name belongs to a renamed portfolio.
RENAMED = "renamed_portfolio_asked"
#: Whether archived portfolios are listed; SWITCH is the widget that sets it.
SHOW_ARCHIVED = "show_archived"
SWITCH = "show_archived_switch"
ARCHIVED_MARK = " (archived)"
ARCHIVED_HELP = "Archived portfolios are read-only: their history stays, nothing is written."


def show(
    portfolios: list[PortfolioView],
    reread: Callable[[], list[PortfolioView]],
    renamed_to: Callable[[str], str | None] = lambda name: None,
) -> PortfolioView | None:
    """Render the picker in the sidebar and return the chosen portfolio.

    ``portfolios`` includes the archived ones. None when there are none to offer, or when
    the asked name is unknown even after ``reread`` (the database itself, not the cached
    list) was consulted; ``renamed_to`` then tells whether it is an old name.
    """
    st.session_state.pop(UNKNOWN, None)
    st.session_state.pop(RENAMED, None)
    wanted = _wanted()
    if wanted and wanted not in _names(portfolios):
        portfolios = reread()
    if wanted in _names([p for p in portfolios if p.archived]):
        st.session_state[SHOW_ARCHIVED] = True  # asked for by name: shown, marked archived
    offered = [p for p in portfolios if st.session_state.get(SHOW_ARCHIVED) or not p.archived]
    chosen = _choose(offered, wanted, renamed_to)
    _archived_switch(portfolios)
    return chosen


def _choose(
    offered: list[PortfolioView], wanted: str | None, renamed_to: Callable[[str], str | None]
) -> PortfolioView | None:
    if not offered:
        st.session_state.pop(SELECTED, None)
        return None
    names = _names(offered)
    label = _labeller(offered)
    if wanted and wanted not in names:
        new_name = renamed_to(wanted)
        if new_name is not None:
            st.session_state[RENAMED] = (wanted, new_name)
        _choose_none(names, wanted, label)
        return None
    chosen = wanted or names[0]
    st.session_state[SELECTED] = chosen
    # Always set: the widget's id includes the page, so a page switch makes a new widget
    # that would otherwise start at the first option.
    st.session_state[WIDGET] = chosen
    st.sidebar.selectbox("Portfolio", names, key=WIDGET, on_change=_remember, format_func=label)
    if st.query_params.get(QUERY) != chosen:
        st.query_params[QUERY] = chosen
    return offered[names.index(chosen)]


def unknown_name() -> str | None:
    """The name this run was asked for and the database does not hold, if any."""
    return st.session_state.get(UNKNOWN)


def renamed() -> tuple[str, str] | None:
    """(old name, new name) when this run was asked for a portfolio by its former name."""
    return st.session_state.get(RENAMED)


def _names(portfolios: list[PortfolioView]) -> list[str]:
    return [p.name for p in portfolios]


def _labeller(portfolios: list[PortfolioView]) -> Callable[[str], str]:
    """Each option as its name, an archived one marked (options are plain text, no Markdown)."""
    archived = {p.name for p in portfolios if p.archived}
    return lambda name: name + ARCHIVED_MARK if name in archived else name


def _wanted() -> str | None:
    """A shared link wins, then the remembered choice; None means "the first is fine"."""
    return st.query_params.get(QUERY) or st.session_state.get(SELECTED) or None


def _choose_none(names: list[str], wanted: str, label: Callable[[str], str]) -> None:
    """The picker with nothing chosen; the link stays as it was until the user picks."""
    st.session_state.pop(SELECTED, None)
    st.session_state[UNKNOWN] = wanted
    st.session_state[WIDGET] = None
    st.sidebar.selectbox(
        "Portfolio",
        names,
        key=WIDGET,
        on_change=_remember,
        placeholder="Choose a portfolio",
        format_func=label,
    )


def _archived_switch(portfolios: list[PortfolioView]) -> None:
    """The "Show archived" switch, drawn only when some portfolio is archived.

    Its state is kept under its own key (as the choice is): a page switch makes a new widget.
    """
    archived = [p.name for p in portfolios if p.archived]
    if not archived:
        return
    st.session_state[SWITCH] = bool(st.session_state.get(SHOW_ARCHIVED))
    st.sidebar.toggle(
        "Show archived",
        key=SWITCH,
        on_change=_archived_switched,
        args=(archived,),
        help=ARCHIVED_HELP,
    )


def _archived_switched(archived: list[str]) -> None:
    """on_change: switched off while an archived portfolio is chosen, the first one listed is."""
    on = bool(st.session_state[SWITCH])
    st.session_state[SHOW_ARCHIVED] = on
    if not on and st.session_state.get(SELECTED) in archived:
        st.session_state.pop(SELECTED, None)
        st.query_params.pop(QUERY, None)


def _remember() -> None:
    """on_change: the widget's new value becomes the choice, and the URL follows it."""
    name = st.session_state[WIDGET]
    if name is None:
        return
    st.session_state[SELECTED] = name
    st.query_params[QUERY] = name


def choose(name: str) -> None:
    """Select ``name`` on the next run (after creating or renaming it, for instance)."""
    st.session_state[SELECTED] = name
    st.query_params[QUERY] = name
