"""The frame every page shares: the sign-in gate (nothing else is drawn for a visitor not
let in), the sidebar (who is signed in, the portfolio picker limited to their grant, the
demo badge, an About panel naming the database), the one-off notices (demo data just
loaded, the toast a write queued), the notice that the chosen portfolio is archived and
the warning when its stored figures fail the consistency check.

Pages call :func:`show` first thing rather than ``app.py`` drawing it, so a page renders
the same whether ``st.navigation`` runs it or Streamlit runs the file directly (AppTest
does so on every page switch; a fresh server on its first deep link, see routing.py).
"""

from __future__ import annotations

import streamlit as st

from equity.errors import EquityError, PortfolioRenamedError
from equity.services.portfolios import get_portfolio
from equity.services.views import PortfolioView
from equity_app import data, failures, routing, state
from equity_app.components import (
    archived_banner,
    integrity_banner,
    portfolio_picker,
    sign_in_gate,
    toast,
)
from equity_app.identity import Identity
from equity_app.literal import code


def show() -> PortfolioView | None:
    """Render the frame and return the chosen portfolio, or None when there is none.

    When the database cannot be reached the page stops here with a message: every page
    reads from it first through this frame, so none shows a traceback instead.
    """
    routing.ensure(_entry_point_pages)
    try:
        return _frame()
    except failures.DATABASE_ERRORS as error:
        failures.database_unreachable(error)
        st.stop()
    except EquityError as error:  # the gate cannot tell who this is (unreadable secrets)
        failures.refused(error)
        st.stop()


def _frame() -> PortfolioView | None:
    who = sign_in_gate.admit()  # stops here for a signed-out visitor or one without access
    state.engine()  # migrate (and seed the default embedded database) before any read
    portfolio = portfolio_picker.show(
        _visible(who, data.portfolios()),
        reread=lambda: _visible(who, data.portfolios_fresh()),
        renamed_to=lambda name: _renamed_to(who, name),
    )
    with st.sidebar:
        if data.demo_loaded():
            st.badge("Demo data", icon=":material/science:", color="orange")
        _about()
    state.announce_demo_once()
    archived_banner.show(portfolio, is_admin=who.is_admin)
    integrity_banner.show(portfolio)
    toast.show_queued()
    return portfolio


def _about() -> None:
    """Where the figures come from, for whoever runs the app: folded away from the PM's view.

    display_url hides the password: the line is safe on a shared screen.
    """
    with st.expander("About", icon=":material/info:"):
        st.caption(f"Database: {code(state.database().display_url)}")


def _visible(who: Identity, portfolios: list[PortfolioView]) -> list[PortfolioView]:
    """Only the portfolios this person's grant covers: the rest are not offered at all.

    A link naming one of the others then reads exactly like a link naming no portfolio.
    """
    return [portfolio for portfolio in portfolios if who.covers(portfolio.id)]


def _renamed_to(who: Identity, name: str) -> str | None:
    """The new name of a portfolio once called ``name``, if this person may see it.

    Asked as this person: a portfolio outside their grant reads as unknown, renamed or not.
    """
    try:
        get_portfolio(who.database(), name)
    except PortfolioRenamedError as renamed:
        return renamed.new_name
    except EquityError:
        return None
    return None


def _entry_point_pages() -> list[st.Page]:
    import app  # the entry point; importing it runs nothing (its routing is under __main__)

    return app.pages()
