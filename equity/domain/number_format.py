"""Numbers as a file writes them, under a separator the user stated: never a guess.

``1,000`` is one thousand in a file that uses a decimal point and exactly one in a file
that uses a decimal comma. Nothing in the text can tell the two apart, so the caller says
which convention the file (or the portfolio) uses, and an input that does not fit it is
refused with a message, not read the other way.

- decimal point (the default): ``1234.50``, ``-1,234.50``, ``1,000,000`` (commas group
  digits in threes, as :data:`equity.money.THOUSANDS` always allowed);
- decimal comma: ``1234,50``, ``-1.234,5``, ``1.000.000,00``, ``1 000 000,00`` (the group
  separator may be a dot, a space, a no-break space U+00A0 or a narrow one U+202F).

The result is the plain ``1234.50`` form that :func:`equity.money.parse_amount` reads, so
every amount, whatever its spelling, passes the same bounds and decimal checks.
"""

from __future__ import annotations

import re
from decimal import Decimal

from equity.errors import ValidationError
from equity.money import CENT, EXACT, parse_amount, parse_positive_amount, shown_value

#: Characters a decimal-comma file may group digits with (space, no-break, narrow no-break).
GROUP_SPACES = " \u00a0\u202f"
_COMMA_PLAIN = re.compile(r"^[-+]?\d+(,\d+)?$")
#: An amount no rule can refuse: at most 14 integer digits (within NUMERIC(16,2)), at most
#: 2 decimals, no exponent, no grouping. Most cells of a feed look like this.
_PLAIN_AMOUNT = re.compile(r"[-+]?[0-9]{1,14}(\.[0-9]{1,2})?")
_COMMA_GROUPED = re.compile(r"^[-+]?\d{1,3}(?P<sep>[.\u00a0\u202f ])\d{3}((?P=sep)\d{3})*(,\d+)?$")


def plain_decimal_text(text: str, *, decimal_comma: bool, field: str) -> str:
    """``text`` rewritten as ``-1234.50`` under the stated convention.

    With a decimal point the text is returned as it is (the amount parser accepts the
    comma-grouped thousands itself). With a decimal comma the groups must be regular
    (threes, one separator throughout) and a ``.`` can only group: ``1.5`` is refused,
    since in such a file it is neither one and a half nor fifteen.
    """
    cleaned = text.strip()
    if not decimal_comma or not cleaned:
        return cleaned
    if _COMMA_PLAIN.match(cleaned):
        return cleaned.replace(",", ".")
    if _COMMA_GROUPED.match(cleaned):
        for separator in "." + GROUP_SPACES:
            cleaned = cleaned.replace(separator, "")
        return cleaned.replace(",", ".")
    raise ValidationError(
        field,
        f"{shown_value(cleaned)} is not a number written with a decimal comma "
        "(such as 1.234,50 or 1 234,50)",
    )


def read_amount(
    text: str, field: str, *, decimal_comma: bool, allow_negative: bool = False
) -> Decimal:
    """An exact amount from a file cell: the stated convention, then the usual money rules."""
    plain = plain_decimal_text(text, decimal_comma=decimal_comma, field=field)
    quick = _plain_amount(plain)
    if quick is not None and (allow_negative or quick >= 0):
        return quick
    return parse_amount(plain, field, allow_negative=allow_negative)


def read_positive_amount(text: str, field: str, *, decimal_comma: bool) -> Decimal:
    """A flow's amount from a file cell: above zero, under the stated convention."""
    plain = plain_decimal_text(text, decimal_comma=decimal_comma, field=field)
    quick = _plain_amount(plain)
    if quick is not None and quick > 0:
        return quick
    return parse_positive_amount(plain, field)


def _plain_amount(text: str) -> Decimal | None:
    """``text`` as cents when its shape already passes every money rule, else None.

    A file of 100,000 rows spends most of its check in the general parser, whose every
    branch (exponents, NaN, thousands, bounds) such a cell cannot reach. Anything else,
    and every refusal with its message, still goes through :func:`parse_amount`; the
    result is the same Decimal it returns (quantized to cents: ``5`` is ``5.00``).
    """
    if _PLAIN_AMOUNT.fullmatch(text) is None:
        return None
    return Decimal(text).quantize(CENT, context=EXACT)
