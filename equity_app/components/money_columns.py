"""Money in a table: numbers underneath (so a column sorts as money), currency on screen.

A table of text amounts sorts as text: $750,000 > $75,000 > $250,000.25. So a table keeps
each amount as a number and lets the grid draw it with a format in the currency's own
symbol and minor units (``$1,250.50``, ``¥1,251``, ``CHF1,250.50``), the way
:func:`equity_app.format.money` writes it. The numbers are floats made from the exact
Decimals at the last moment, for the grid only: nothing reads them back.

The grid formats with a printf pattern (sprintf-js: ``,`` groups thousands), which puts a
minus after a prefix (``$-80.00``). A column whose figures change sign (a day's P&L) says
its currency in the header instead and writes the sign first: ``Daily P&L ($)`` over
``+1,250.50`` and ``-80.00``.
"""

from __future__ import annotations

from decimal import Decimal

import streamlit as st

from equity.money import currency_style
from equity_app.format import to_float


def amount_format(currency: str) -> str:
    """The printf pattern of a non-negative amount: ``$%,.2f``, ``¥%,.0f``."""
    style = currency_style(currency.upper())
    prefix, suffix = (_literal(text) for text in style.positive)
    return f"{prefix}%,.{style.digits}f{suffix}"


def signed_format(currency: str) -> str:
    """The printf pattern of a change, sign first: ``%+,.2f`` (``+1,250.50``, ``-80.00``)."""
    return f"%+,.{currency_style(currency.upper()).digits}f"


def money_column(label: str, currency: str, *, help: str | None = None) -> object:
    """A column of amounts that are never negative (equity, a deposit), with the symbol."""
    return st.column_config.NumberColumn(label, format=amount_format(currency), help=help)


def signed_money_column(label: str, currency: str, *, help: str | None = None) -> object:
    """A column of changes (P&L): the currency's symbol in the header, the sign on each."""
    symbol = "".join(currency_style(currency.upper()).positive).strip()
    return st.column_config.NumberColumn(
        f"{label} ({symbol})", format=signed_format(currency), help=help
    )


def shown_amount(amount: Decimal | None) -> float | None:
    """The number the grid draws and sorts by; None (an empty cell) for no amount."""
    return None if amount is None else to_float(amount)


def _literal(text: str) -> str:
    """Text around the placeholder: a ``%`` in it would read as another placeholder."""
    return text.replace("%", "%%")
