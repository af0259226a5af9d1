"""Exact money: parsing, bounds and formatting of Decimal amounts.

Every amount in the product is a ``Decimal`` with at most two decimal places that fits
PostgreSQL's NUMERIC(16,2); floats never carry money (charts aside).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext

from equity.errors import ValidationError

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
#: Digits grouped by commas in threes, optionally with decimals: unambiguous thousands.
THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
#: The largest magnitude NUMERIC(16,2) holds: 14 integer digits and 2 decimals.
MAX_AMOUNT = Decimal("99999999999999.99")
#: Arithmetic on bounded amounts: 16 digits fit with room; nothing rounds or traps silently.
EXACT = Context(prec=34)
#: A value echoed in a message is cut to this many characters.
SHOWN_CHARS = 40


def parse_amount(value: object, field: str, *, allow_negative: bool = False) -> Decimal:
    """Turn user input (text, int or Decimal) into an exact, bounded amount.

    Floats are refused outright: a float has already lost the cents a user typed.
    Thousands separators, NaN, infinity, exponents and more than two decimals are
    rejected with a message naming the field and the value, never rounded silently.
    Any length of digits gives a message, never an arithmetic error.
    """
    if isinstance(value, (bool, float)):
        raise ValidationError(field, f"{value!r} is not an exact amount; give it as text")
    text = str(value).strip()
    if not text:
        raise ValidationError(field, "is empty; give an amount such as 1250.50")
    if THOUSANDS.match(text):  # "1,234.50" as a spreadsheet or a person writes it
        text = text.replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValidationError(field, f"{shown_value(text)} is not a number") from None
    if not amount.is_finite():
        raise ValidationError(field, f"{shown_value(text)} is not a finite amount")
    if "e" in text.lower():
        raise ValidationError(field, f"{shown_value(text)}: write the amount without an exponent")
    return check_amount(amount, field, allow_negative=allow_negative, shown=text)


def check_amount(
    amount: Decimal, field: str, *, allow_negative: bool = False, shown: str | None = None
) -> Decimal:
    """Bound an already-parsed Decimal: cents exact, within NUMERIC(16,2), sign as allowed.

    The magnitude is checked before any rounding: quantizing a 27-digit number to cents
    needs more digits than the context holds and raises ``InvalidOperation``.
    """
    quoted = shown_value(shown if shown is not None else str(amount))
    if not amount.is_finite():
        raise ValidationError(field, f"{quoted} is not a finite amount")
    if amount.copy_abs() > MAX_AMOUNT:  # copy_abs never rounds, so never overflows
        raise ValidationError(field, f"{quoted} is beyond the largest amount, {MAX_AMOUNT:,}")
    with localcontext(EXACT):
        cents = amount.quantize(CENT, rounding=ROUND_HALF_EVEN)
    if amount != cents:
        raise ValidationError(field, f"{quoted} has more than 2 decimal places")
    if not allow_negative and amount < 0:
        raise ValidationError(field, f"{quoted} must not be negative")
    return cents


def minor_units(currency: str) -> int:
    """Decimal places the currency uses (JPY 0, USD 2), as the CLDR data in babel says.

    An unknown code gets babel's default of 2, the same as storage allows.
    """
    from babel.numbers import get_currency_precision  # babel loads its data lazily

    return get_currency_precision(currency.upper())


def check_minor_units(amount: Decimal, currency: str, field: str) -> Decimal:
    """Refuse an amount with more decimals than its currency has: ``1250.50`` JPY.

    Storage keeps two decimals for every currency, so ``1250.00`` is a whole yen amount
    and passes; only a non-zero digit beyond the currency's minor units is refused,
    never rounded away silently. Returns the amount unchanged.
    """
    digits = minor_units(currency)
    with localcontext(EXACT):
        whole = amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)
    if amount != whole:
        raise ValidationError(
            field,
            f"{shown_value(str(amount))} has more decimal places than "
            f"{currency.upper()} allows ({digits})",
        )
    return amount


def shown_value(text: str, limit: int = SHOWN_CHARS) -> str:
    """The value as typed, quoted for a message; a huge value is cut, with its length."""
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}... ({len(text):,} characters)"


def parse_positive_amount(value: object, field: str) -> Decimal:
    """A deposit or withdrawal amount: strictly greater than zero."""
    amount = parse_amount(value, field)
    if amount <= 0:
        typed = str(value).strip()
        shown = typed if len(typed) <= SHOWN_CHARS else shown_value(typed)
        raise ValidationError(field, f"{shown} must be greater than zero")
    return amount


def to_cents(amount: Decimal) -> int:
    """Exact integer cents of a two-decimal amount (SQLite storage)."""
    return int(amount.quantize(CENT) * 100)


def from_cents(cents: int) -> Decimal:
    """The Decimal amount of integer cents."""
    return (Decimal(cents) / 100).quantize(CENT)


def fmt2(amount: Decimal) -> str:
    """Exactly two decimals, no separators, never ``-0.00``: the JSON and CSV form of an amount.

    A negative amount that rounds to zero cents is zero; a sign on it would read as a loss.
    """
    cents = amount.quantize(CENT, rounding=ROUND_HALF_EVEN)
    return f"{cents:.2f}" if cents else "0.00"


#: Screens read in English with ISO dates; the locale only decides symbol placement and grouping.
SCREEN_LOCALE = "en_US"


def format_money(amount: Decimal, currency: str = "USD") -> str:
    """The one human form of money on screens: ``$1,250.50``, ``€1,250.50``, ``¥1,251``.

    Babel (CLDR) gives each currency its symbol and its minor units, so yen and won show
    no decimals. Rounding to those units is half away from zero, as a person rounds
    (``¥1,250.50`` reads ``¥1,251``); an amount that rounds to zero shows no minus sign.
    """
    style = currency_style(currency.upper())
    with localcontext(EXACT):
        shown = amount.quantize(style.unit, rounding=ROUND_HALF_UP)
    prefix, suffix = style.negative if shown < 0 else style.positive
    return f"{prefix}{abs(shown):,.{style.digits}f}{suffix}"


def stated_money(amount: Decimal, currency: str) -> str:
    """Money in messages and the audit trail: ``$1,000.50``, ``¥1,250``, never rounded.

    Like :func:`format_money`, with the currency's symbol and minor units; but a record
    must say exactly what was stored, so an amount finer than those units (a yen figure
    with cents, from before units were checked) keeps two decimals instead of rounding.
    """
    style = currency_style(currency.upper())
    if amount == amount.quantize(style.unit, rounding=ROUND_HALF_UP):
        return format_money(amount, currency)
    prefix, suffix = style.negative if amount < 0 else style.positive
    return f"{prefix}{abs(amount):,.2f}{suffix}"


@dataclass(frozen=True)
class CurrencyStyle:
    """How the screen locale writes one currency, read from babel once per currency.

    A table of ten years formats some 20,000 amounts; babel's own ``format_currency``
    takes about 30 us a call, this about 2 us, and a test holds the two to the same text.
    """

    digits: int
    unit: Decimal
    positive: tuple[str, str]  # text before and after the digits
    negative: tuple[str, str]


@functools.lru_cache(maxsize=256)
def currency_style(currency: str) -> CurrencyStyle:
    """The locale's currency pattern (``¤#,##0.00`` in en_US) filled with this currency."""
    from babel import Locale
    from babel.numbers import get_currency_symbol

    locale = Locale.parse(SCREEN_LOCALE)
    pattern = locale.currency_formats["standard"]
    symbol = get_currency_symbol(currency, locale=locale)
    minus = locale.number_symbols["latn"]["minusSign"]

    def filled(side: int) -> tuple[str, str]:
        return tuple(
            text.replace("¤", symbol).replace("-", minus)
            for text in (pattern.prefix[side], pattern.suffix[side])
        )

    digits = minor_units(currency)
    return CurrencyStyle(digits, Decimal(1).scaleb(-digits), filled(0), filled(1))


def currency_symbol(currency: str) -> str:
    """The symbol :func:`format_money` puts before an amount (``$``, ``¥``, ``CHF``)."""
    from babel.numbers import get_currency_symbol

    return get_currency_symbol(currency.upper(), locale=SCREEN_LOCALE)
