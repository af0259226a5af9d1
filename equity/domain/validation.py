"""Rules on dates and names that every face shares."""

from __future__ import annotations

import re
import unicodedata
import uuid
from datetime import date

from equity.errors import ValidationError
from equity.money import shown_value

#: Unicode categories refused in names: control, format, surrogate, line and paragraph
#: separators. Names are identities, so anything invisible in them is a trap.
HIDDEN_IN_NAMES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
#: Categories stripped from free text (notes, reasons) after line breaks became spaces.
HIDDEN_IN_TEXT = frozenset({"Cc", "Cf", "Cs"})
#: Line breaks and tabs, in a run, become one space in free text.
LINE_BREAKS = re.compile(r"[\t\n\v\f\r\x85\u2028\u2029]+")

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
        raise ValidationError(
            field, f"{shown_value(text)} is not a date in YYYY-MM-DD form"
        ) from None
    if len(text) != 10:
        raise ValidationError(field, f"{shown_value(text)} is not a date in YYYY-MM-DD form")
    return parsed


def check_in_life(day: date, inception: date, today: date, field: str = "date") -> date:
    """A dated change must fall between the portfolio's inception and today."""
    if day < inception:
        raise ValidationError(field, f"{day.isoformat()} is before the inception date {inception}")
    if day > today:
        raise ValidationError(field, f"{day.isoformat()} is in the future (today is {today})")
    return day


def check_name(name: str, field: str = "name") -> str:
    """A name as people will read it: NFKC-normalised, single-spaced, 1-120 characters.

    NFKC folds look-alike spellings (full-width letters, ligatures, no-break spaces) into
    one; runs of spaces collapse because screens show them as one. Control and format
    characters (Unicode Cc, Cf: DEL, zero-width, bidi overrides) and line separators are
    refused, not stripped: they make two different names look the same.
    """
    cleaned = _single_spaced(unicodedata.normalize("NFKC", name).strip())
    hidden = next((ch for ch in cleaned if unicodedata.category(ch) in HIDDEN_IN_NAMES), None)
    if hidden is not None:
        code = f"U+{ord(hidden):04X}"
        raise ValidationError(
            field,
            f"{shown_value(cleaned)} contains an invisible or control character {code}; "
            "type the name again without it",
        )
    if not cleaned:
        raise ValidationError(field, "is empty")
    if len(cleaned) > 120:
        raise ValidationError(field, f"is {len(cleaned)} characters; the limit is 120")
    return cleaned


def check_portfolio_name(name: str) -> str:
    """A portfolio name: a clean name that can never be read as a portfolio id.

    The command line reads a PORTFOLIO argument as an id when it parses as one, else as
    a name; a name spelled like an id (in any form ``uuid.UUID`` accepts) would reach
    another portfolio.
    """
    cleaned = check_name(name)
    if _reads_as_id(cleaned):
        raise ValidationError(
            "name",
            f"{shown_value(cleaned)} reads as a portfolio id; choose a name that is not an id",
        )
    return cleaned


def portfolio_name_key(name: str) -> str:
    """What makes two names the same portfolio: NFKC, case-folded, single-spaced.

    Unique in the database, and what a lookup by name matches, so ``alpha fund`` finds
    ``Alpha Fund``. Casefold can expand (``ß`` -> ``ss``), hence NFKC once more after it;
    no character more than doubles, so a key of a 120-character name fits in 240.
    """
    single = _single_spaced(unicodedata.normalize("NFKC", name).strip())
    return unicodedata.normalize("NFKC", single.casefold())


def _single_spaced(text: str) -> str:
    """Every run of spaces made one (tabs and line breaks are refused in names, not spaced)."""
    return " ".join(part for part in text.split(" ") if part)


def _reads_as_id(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def check_currency(code: str) -> str:
    """An ISO 4217 code from the list the app formats."""
    cleaned = code.strip().upper()
    if cleaned not in CURRENCY_CODES:
        raise ValidationError(
            "currency", f"{shown_value(code)} is not a supported ISO currency code"
        )
    return cleaned


def check_text(value: str | None, field: str, limit: int = 2000) -> str | None:
    """Free text (notes, reasons): cleaned, trimmed, bounded; empty becomes None.

    Control and format characters (Cc, Cf: zero-width, bidi overrides, DEL, NUL) are
    stripped silently, since they carry nothing a reader can see; a line break or tab
    (and a run of them) becomes one space, so the text stays one line in tables and CSV.
    """
    if value is None:
        return None
    spaced = LINE_BREAKS.sub(" ", value)
    cleaned = "".join(ch for ch in spaced if unicodedata.category(ch) not in HIDDEN_IN_TEXT)
    cleaned = cleaned.strip()
    if len(cleaned) > limit:
        raise ValidationError(field, f"is {len(cleaned)} characters; the limit is {limit}")
    return cleaned or None
