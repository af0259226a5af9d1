"""How amounts, ratios and dates read on screen; money stays Decimal until it is text.

Plotly gets floats (it cannot draw Decimals) for its geometry only: hovers show text made
here from the exact Decimals, and axis ticks carry the currency's symbol.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from equity.money import currency_symbol, format_money


def money(amount: Decimal, currency: str) -> str:
    """``$1,250.50``, ``¥1,251`` or ``SEK1,250.50``: the one way money reads on screen."""
    return format_money(amount, currency)


def signed_money(amount: Decimal, currency: str) -> str:
    """A change: always with its sign, ``+$1,250.50`` or ``-$80.00``.

    The sign follows the text shown, so ``-0.4`` yen reads ``+¥0``, never ``¥0`` or ``-¥0``.
    """
    text = format_money(amount, currency)
    return text if text.startswith("-") else f"+{text}"


def percent(ratio: Decimal | float | None, places: int = 2, signed: bool = False) -> str:
    """``5.25 %`` from 0.0525; an undefined ratio reads as a dash."""
    if ratio is None:
        return "–"
    sign = "+" if signed and ratio > 0 else ""
    return f"{sign}{float(ratio) * 100:,.{places}f} %"


def day(value: date | None) -> str:
    """ISO dates everywhere: unambiguous across desks and time zones."""
    return value.isoformat() if value else "–"


def timestamp(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""


def plotly_affixes(currency: str) -> tuple[str, str]:
    """The tick prefix and suffix Plotly puts around a number of ``currency``.

    The same symbol :func:`money` writes, in front as the screen locale places it.
    """
    return currency_symbol(currency), ""


def to_float(amount: Decimal) -> float:
    """Only for handing numbers to Plotly, which cannot draw Decimals."""
    return float(amount)
