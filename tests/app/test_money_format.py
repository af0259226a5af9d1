"""Money on screen by each currency's own rules (babel/CLDR): symbol and minor units."""

from __future__ import annotations

from decimal import Decimal

import pytest

from equity.money import format_money
from equity_app.format import money, plotly_affixes, signed_money

D = Decimal


@pytest.mark.parametrize(
    ("currency", "positive", "negative", "zero"),
    [
        ("USD", "$1,250.50", "-$1,250.50", "$0.00"),
        ("EUR", "€1,250.50", "-€1,250.50", "€0.00"),
        ("GBP", "£1,250.50", "-£1,250.50", "£0.00"),
        ("JPY", "¥1,251", "-¥1,251", "¥0"),
        ("KRW", "₩1,251", "-₩1,251", "₩0"),
        ("CHF", "CHF1,250.50", "-CHF1,250.50", "CHF0.00"),
        ("SEK", "SEK1,250.50", "-SEK1,250.50", "SEK0.00"),
    ],
)
def test_each_currency_reads_with_its_symbol_and_minor_units(
    currency: str, positive: str, negative: str, zero: str
) -> None:
    assert format_money(D("1250.50"), currency) == positive
    assert format_money(D("-1250.50"), currency) == negative
    assert format_money(D("0.00"), currency) == zero
    assert money(D("1250.50"), currency) == positive  # the screens' one function


def test_half_a_yen_rounds_away_from_zero_not_to_even() -> None:
    assert format_money(D("1250.49"), "JPY") == "¥1,250"
    assert format_money(D("1252.50"), "JPY") == "¥1,253"  # half-even would say ¥1,252
    assert format_money(D("-0.50"), "JPY") == "-¥1"


def test_an_amount_that_shows_as_zero_has_no_minus_sign() -> None:
    assert format_money(D("-0.40"), "JPY") == "¥0"
    assert format_money(D("-0.00"), "USD") == "$0.00"


def test_largest_stored_amount_keeps_every_digit() -> None:
    assert format_money(D("-99999999999999.99"), "USD") == "-$99,999,999,999,999.99"
    assert format_money(D("99999999999999.99"), "JPY") == "¥100,000,000,000,000"


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        ("1250.50", "USD", "+$1,250.50"),
        ("-80", "USD", "-$80.00"),
        ("0", "EUR", "+€0.00"),
        ("-0.40", "JPY", "+¥0"),
        ("1250.50", "KRW", "+₩1,251"),
    ],
)
def test_a_change_always_carries_the_sign_of_what_it_shows(
    amount: str, currency: str, text: str
) -> None:
    assert signed_money(D(amount), currency) == text


@pytest.mark.parametrize(
    ("currency", "prefix"),
    [("USD", "$"), ("EUR", "€"), ("JPY", "¥"), ("KRW", "₩"), ("CHF", "CHF"), ("SEK", "SEK")],
)
def test_axis_ticks_carry_the_same_symbol_as_the_amounts(currency: str, prefix: str) -> None:
    assert plotly_affixes(currency) == (prefix, "")
    assert format_money(D("5"), currency).startswith(prefix)


@pytest.mark.parametrize(
    "currency", ["USD", "EUR", "GBP", "JPY", "KRW", "CHF", "SEK", "CAD", "BHD"]
)
@pytest.mark.parametrize(
    "amount", ["1250.50", "-1250.50", "0.01", "-0.01", "-1234567.89", "99999999999999.99"]
)
def test_the_fast_path_writes_what_babel_writes(currency: str, amount: str) -> None:
    """format_money reads babel's pattern once per currency; the text must be babel's own."""
    from babel.numbers import format_currency, get_currency_precision

    unit = D(1).scaleb(-get_currency_precision(currency))
    value = D(amount).quantize(unit, rounding="ROUND_HALF_UP")
    if value:  # babel writes -¥0 for a negative zero; format_money never does (tested above)
        assert format_money(D(amount), currency) == format_currency(value, currency, locale="en_US")
