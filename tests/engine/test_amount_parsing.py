"""Any text typed as an amount or a date gives an exact value or a ValidationError, never an
arithmetic error (issue 9, item 7: 27 digits raised ``decimal.InvalidOperation``)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from equity.domain.validation import parse_date
from equity.errors import ValidationError
from equity.money import MAX_AMOUNT, check_amount, parse_amount

DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=5000)
NUMBER_LIKE = st.one_of(
    st.builds(lambda a, b: f"{a}.{b}", DIGITS, DIGITS),
    st.builds(lambda a: f"-{a}", DIGITS),
    st.builds(lambda a, e: f"{a}e{e}", DIGITS, st.integers(-(10**12), 10**12)),
    st.text(max_size=60),
    DIGITS,
)


@given(NUMBER_LIKE)
def test_any_text_is_an_exact_bounded_amount_or_a_message(text):
    try:
        amount = parse_amount(text, "amount", allow_negative=True)
    except ValidationError as error:
        assert error.field == "amount"
        assert len(error.message) < 200
        return
    assert amount.copy_abs() <= MAX_AMOUNT
    assert amount == amount.quantize(Decimal("0.01"))


@pytest.mark.parametrize(
    "value", ["9E+999999999", "-9E+999999999", "1E-999999999", "123456789012345678901234567.1"]
)
def test_extreme_decimals_from_code_are_refused_in_words(value):
    with pytest.raises(ValidationError):
        check_amount(Decimal(value), "amount", allow_negative=True)


def test_an_enormous_date_is_named_shortened():
    with pytest.raises(ValidationError) as raised:
        parse_date("2" * 4300, "date")
    assert str(raised.value) == (
        "date: '2222222222222222222222222222222222222222'... (4,300 characters) "
        "is not a date in YYYY-MM-DD form"
    )
