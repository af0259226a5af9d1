"""The notice on every page of an archived portfolio: it is read-only, and why no form shows."""

from __future__ import annotations

import streamlit as st

from equity.services.views import PortfolioView
from equity_app.literal import md

ADMIN_PAGE = "pages/admin.py"


def show(portfolio: PortfolioView | None, *, is_admin: bool) -> None:
    """Say that the chosen portfolio is archived (nothing when it is not, or none is chosen).

    The forms are not drawn on its pages (the services refuse its writes anyway); an
    administrator is told where to bring it back.
    """
    if portfolio is None or not portfolio.archived:
        return
    where = (
        " Unarchive it in Portfolio settings on the Admin page to change it again."
        if is_admin
        else " An administrator can unarchive it."
    )
    st.info(
        f"{md(portfolio.name)} is archived, so it is read-only: its history, ledger and "
        f"returns stay readable; nothing can be recorded, imported, voided or corrected.{where}",
        icon=":material/inventory_2:",
    )
