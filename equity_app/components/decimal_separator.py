"""The decimal separator a file (or a form) uses: stated, never guessed.

``1,000`` is a thousand with a decimal point and one with a decimal comma; nothing in the
text tells them apart (see :mod:`equity.domain.number_format`). The choice defaults to the
portfolio's own setting (``decimal_comma``) and is said in the words a person checks a file
against: ``point (1,234.56)`` or ``comma (1.234,56)``.
"""

from __future__ import annotations

import streamlit as st

from equity.services.views import PortfolioView
from equity_app.literal import md

POINT, COMMA = "point (1,234.56)", "comma (1.234,56)"


def portfolio_uses_comma(portfolio: PortfolioView) -> bool:
    """The portfolio's setting (False where the database has none yet)."""
    return bool(getattr(portfolio, "decimal_comma", False))


def choice(key: str, portfolio: PortfolioView) -> bool:
    """A radio for one import; True when the file writes ``1.234,56``.

    Keyed by portfolio as well, so picking another portfolio starts from its own setting.
    """
    default = COMMA if portfolio_uses_comma(portfolio) else POINT
    picked = st.radio(
        "Decimal separator",
        [POINT, COMMA],
        index=[POINT, COMMA].index(default),
        horizontal=True,
        key=f"{key}_{portfolio.id}",
        help=f"How the file writes amounts. {md(portfolio.name)}'s setting: {default}.",
    )
    return picked == COMMA
