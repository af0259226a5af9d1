"""Rules on dates and names that every face shares."""

from __future__ import annotations

from datetime import date

from equity.errors import ValidationError

CURRENCY_CODES = frozenset(
    [
        "USD",
        "EUR",
        "GBP",
        "JPY",
        "CHF",
        "CAD",
        "AUD",
        "NZD",
        "SEK",
        "NOK",
        "DKK",
        "HKD",
        "SGD",
        "CNY",
        "INR",
        "BRL",
        "MXN",
        "ZAR",
        "PLN",
        "CZK",
        "ILS",
        "KRW",
    ]
)


def parse_date(value: object, field: str) -> date:
    """An ISO ``YYYY-MM-DD`` date; anything else is named back to the user."""
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        raise ValidationError(field, f"{text!r} is not a date in YYYY-MM-DD form") from None
    if len(text) != 10:
        raise ValidationError(field, f"{text!r} is not a date in YYYY-MM-DD form")
    return parsed


def check_in_life(day: date, inception: date, today: date, field: str = "date") -> date:
    """A dated change must fall between the portfolio's inception and today."""
    if day < inception:
        raise ValidationError(field, f"{day.isoformat()} is before the inception date {inception}")
    if day > today:
        raise ValidationError(field, f"{day.isoformat()} is in the future (today is {today})")
    return day


def check_name(name: str) -> str:
    """Portfolio names are shown everywhere and used in URLs: trimmed, 1-120 characters."""
    cleaned = name.strip()
    if not cleaned:
        raise ValidationError("name", "is empty")
    if len(cleaned) > 120:
        raise ValidationError("name", f"is {len(cleaned)} characters; the limit is 120")
    if any(ord(ch) < 32 for ch in cleaned):
        raise ValidationError("name", f"{cleaned!r} contains control characters")
    return cleaned


def check_currency(code: str) -> str:
    """An ISO 4217 code from the list the app formats."""
    cleaned = code.strip().upper()
    if cleaned not in CURRENCY_CODES:
        raise ValidationError("currency", f"{code!r} is not a supported ISO currency code")
    return cleaned


def check_text(value: str | None, field: str, limit: int = 2000) -> str | None:
    """Free text (notes, reasons): trimmed, bounded; empty becomes None."""
    if value is None:
        return None
    cleaned = value.strip()
    if len(cleaned) > limit:
        raise ValidationError(field, f"is {len(cleaned)} characters; the limit is {limit}")
    return cleaned or None
