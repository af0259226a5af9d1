"""The one formatter per kind of number in the CLI's JSON (equity/output.py)."""

from __future__ import annotations

import json
import math
from decimal import Decimal

import pytest

from equity import output


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("1250.5", "1250.50"),
        ("-1250.50", "-1250.50"),
        ("0", "0.00"),
        ("-0", "0.00"),
        ("-0.00", "0.00"),
        ("-0.004", "0.00"),  # rounds to no cents: no sign on nothing
        ("-0.005", "0.00"),  # half to even: zero cents
        ("-0.015", "-0.02"),
        ("99999999999999.99", "99999999999999.99"),
    ],
)
def test_an_amount_is_two_decimals_and_never_minus_zero(amount: str, text: str) -> None:
    assert output.amount(Decimal(amount)) == text


def test_a_ratio_is_printed_whole_so_a_tiny_return_keeps_its_digits() -> None:
    tiny = 1000 / 1e13 / 7  # a 1,000 P&L on 7e12: 1.4285714285714286e-11
    assert json.loads(json.dumps(output.ratio(tiny))) == tiny  # rounding to 12 places: 1e-11
    assert output.ratio(0.05) == 0.05


@pytest.mark.parametrize("value", [None, math.nan, math.inf, -math.inf])
def test_an_undefined_ratio_is_null(value: float | None) -> None:
    assert output.ratio(value) is None
