"""Numbers read under the separator the user stated: never a guess at ``1,000``."""

from __future__ import annotations

from decimal import Decimal

import pytest

from equity.domain.number_format import read_amount, read_positive_amount
from equity.errors import ValidationError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.000.000,00", "1000000.00"),
        ("1 000 000,00", "1000000.00"),
        ("1\u202f000\u202f000,00", "1000000.00"),  # narrow no-break space (French)
        ("1\u00a0000\u00a0000,00", "1000000.00"),  # no-break space
        ("-1.234,5", "-1234.50"),
        ("1234,50", "1234.50"),
        ("1.000", "1000.00"),
        ("7", "7.00"),
    ],
)
def test_a_decimal_comma_file_reads_european_spellings(text, expected):
    assert read_amount(text, "daily_pnl", decimal_comma=True, allow_negative=True) == Decimal(
        expected
    )


def test_one_comma_thousand_reads_by_the_stated_option_only():
    assert read_amount("1,000", "amount", decimal_comma=True) == Decimal("1.00")
    assert read_amount("1,000", "amount", decimal_comma=False) == Decimal("1000.00")


def test_a_decimal_point_file_keeps_the_existing_rules():
    assert read_amount("1,234.50", "amount", decimal_comma=False) == Decimal("1234.50")
    with pytest.raises(ValidationError, match="is not a number"):
        read_amount("1.234,50", "amount", decimal_comma=False)


@pytest.mark.parametrize("text", ["1.5", "1.000 000,00", "12.34.567,0", "1,2,3", "abc"])
def test_a_decimal_comma_file_refuses_what_fits_no_reading(text):
    with pytest.raises(ValidationError, match="decimal comma"):
        read_amount(text, "amount", decimal_comma=True)


def test_comma_amounts_pass_the_same_money_rules():
    with pytest.raises(ValidationError, match="more than 2 decimal places"):
        read_amount("1,234", "amount", decimal_comma=True)
    with pytest.raises(ValidationError, match="greater than zero"):
        read_positive_amount("0,00", "amount", decimal_comma=True)
