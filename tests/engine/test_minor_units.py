"""An amount may carry no more decimals than its currency has (JPY and KRW none, USD two)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from equity.errors import ValidationError
from equity.money import check_minor_units, minor_units


@pytest.mark.parametrize(
    ("currency", "digits"), [("USD", 2), ("EUR", 2), ("JPY", 0), ("KRW", 0), ("CHF", 2)]
)
def test_minor_units_follow_cldr(currency: str, digits: int) -> None:
    assert minor_units(currency) == digits


def test_yen_with_sen_is_refused_in_words() -> None:
    with pytest.raises(ValidationError) as caught:
        check_minor_units(Decimal("1250.50"), "JPY", "amount")
    assert str(caught.value) == "amount: '1250.50' has more decimal places than JPY allows (0)"
    assert caught.value.field == "amount"


def test_won_with_one_decimal_is_refused() -> None:
    with pytest.raises(
        ValidationError, match=r"'-3.1' has more decimal places than KRW allows \(0\)"
    ):
        check_minor_units(Decimal("-3.1"), "KRW", "daily_pnl")


def test_whole_yen_stored_with_two_zero_decimals_passes_unchanged() -> None:
    assert str(check_minor_units(Decimal("1250.00"), "JPY", "amount")) == "1250.00"


@pytest.mark.parametrize("amount", ["1250.50", "-0.01", "0.00", "99999999999999.99"])
def test_dollars_and_cents_pass(amount: str) -> None:
    assert check_minor_units(Decimal(amount), "USD", "amount") == Decimal(amount)


def test_lower_case_code_is_read_as_the_currency() -> None:
    with pytest.raises(ValidationError, match="JPY allows"):
        check_minor_units(Decimal("0.5"), "jpy", "amount")
