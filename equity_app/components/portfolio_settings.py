"""The Admin page's settings of the portfolio chosen in the sidebar: its name, its number
format, its start (portfolio_correction.py) and whether it is archived.

Each setting is one service call in a callback, so a rerun never repeats it, and each is
harmless twice: renaming to the name it has writes nothing, archiving an archived
portfolio is refused in words. An archived portfolio offers only Unarchive: the services
refuse every other change to it.
"""

from __future__ import annotations

import uuid

import streamlit as st

from equity.errors import EquityError
from equity.services.portfolios import (
    archive_portfolio,
    rename_portfolio,
    set_decimal_comma,
    unarchive_portfolio,
)
from equity.services.views import PortfolioView
from equity_app import data
from equity_app.components import portfolio_correction, portfolio_picker, toast
from equity_app.components.decimal_separator import COMMA, POINT
from equity_app.literal import md
from equity_app.messages import in_words
from equity_app.state import writer

ERROR = "portfolio_settings_error"
DONE = "portfolio_settings_done"
NEW_NAME = "rename_to"


def show(portfolio: PortfolioView | None) -> None:
    """The section for ``portfolio`` (the sidebar's choice), or how to choose one."""
    st.subheader("Portfolio settings")
    if portfolio is None:
        st.caption("Choose a portfolio in the sidebar to rename, correct or archive it.")
        return
    st.caption(f"For **{md(portfolio.name)}**, the portfolio chosen in the sidebar.")
    _outcome()
    if portfolio.archived:
        _archived(portfolio)
        return
    _rename(portfolio)
    _number_format(portfolio)
    portfolio_correction.show(portfolio)
    _archive(portfolio)


def _outcome() -> None:
    state = st.session_state
    if error := state.get(ERROR):
        st.error(md(error), icon=":material/error:")
    elif done := state.get(DONE):
        st.success(md(done), icon=":material/check_circle:")


def _archived(portfolio: PortfolioView) -> None:
    st.info(
        "Archived: read-only, out of the picker and the firm view. Unarchive it to rename, "
        "correct or write to it again.",
        icon=":material/inventory_2:",
    )
    st.button(
        "Unarchive",
        key="unarchive_portfolio",
        icon=":material/unarchive:",
        on_click=_act,
        args=(unarchive_portfolio, portfolio.id, "is unarchived: writable again"),
    )


def _rename(portfolio: PortfolioView) -> None:
    with st.form("rename_form", border=False):
        st.text_input(
            "New name",
            key=NEW_NAME,
            placeholder=portfolio.name,
            help="Links with the old name will say it was renamed, and to what.",
        )
        st.form_submit_button("Rename", on_click=_renamed, args=(portfolio,))


def _renamed(portfolio: PortfolioView) -> None:
    """Rename's callback: the new name becomes the sidebar's choice, and the URL's."""
    state = st.session_state
    _start()
    try:
        view = rename_portfolio(writer(), portfolio.id, state.get(NEW_NAME) or "")
    except EquityError as error:
        state[ERROR] = in_words(error)
        return
    finally:
        data.invalidate()
    state[NEW_NAME] = ""
    portfolio_picker.choose(view.name)
    if view.name == portfolio.name:
        state[DONE] = f"{portfolio.name} already has that name: nothing changed."
        return
    state[DONE] = (
        f"Renamed {portfolio.name!r} to {view.name!r}. Links with the old name now say "
        "what it is called."
    )


def _number_format(portfolio: PortfolioView) -> None:
    """How this portfolio's files and forms write amounts: stored as it is switched."""
    key = f"decimal_separator_{portfolio.id.hex}"
    st.session_state[key] = COMMA if portfolio.decimal_comma else POINT  # what is stored
    st.radio(
        "Decimal separator",
        [POINT, COMMA],
        key=key,
        horizontal=True,
        on_change=_separator_changed,
        args=(portfolio.id, key),
        help="The default for this portfolio's imports and amount fields. Never guessed: "
        "1,000 is a thousand with a point and one with a comma.",
    )


def _separator_changed(portfolio_id: uuid.UUID, key: str) -> None:
    _start()
    comma = st.session_state[key] == COMMA
    try:
        view = set_decimal_comma(writer(), portfolio_id, comma)
    except EquityError as error:
        st.session_state[ERROR] = in_words(error)
        return
    finally:
        data.invalidate()
    toast.queue(f"{view.name} writes amounts with a decimal {'comma' if comma else 'point'}.")


def _archive(portfolio: PortfolioView) -> None:
    with st.popover("Archive…", icon=":material/inventory_2:"):
        st.markdown(
            f"Archive **{md(portfolio.name)}**? It leaves the picker and the firm view and "
            "becomes read-only: nothing can be recorded, imported or corrected until it is "
            "unarchived. Its history, ledger and audit stay."
        )
        st.button(
            "Archive",
            key="archive_portfolio",
            type="primary",
            on_click=_act,
            args=(archive_portfolio, portfolio.id, "is archived: read-only"),
        )


def _act(service, portfolio_id: uuid.UUID, said: str) -> None:
    """Archive or unarchive (a callback: a rerun never repeats it); the page says the result."""
    _start()
    try:
        view = service(writer(), portfolio_id)
    except EquityError as error:
        st.session_state[ERROR] = in_words(error)
        return
    finally:
        data.invalidate()
    portfolio_picker.choose(view.name)  # still the choice (an archived one stays shown)
    st.session_state[DONE] = f"{view.name} {said}."


def _start() -> None:
    """A new act: the last one's sentence goes."""
    st.session_state.pop(ERROR, None)
    st.session_state.pop(DONE, None)
