"""XIRR (actual/365) that either finds the rate or says why there is none.

The solver works on x = ln(1 + rate) and on the value of the flows rescaled by their
largest discount factor, so no power overflows even for a huge rate over a few days.
It brackets a sign change by stepping outward from 0 % on a geometric grid, then
bisects to machine precision and checks the residual: a result is either a verified
root or None with a reason, never a silently non-converged guess. When the flows
change sign several times there can be several rates; the one nearest 0 % is returned.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np

DAYS_PER_YEAR = 365
_GRID_START = 1e-6  # first step of the bracket search, in log-rate units
_GRID_STEPS = 45  # the grid doubles up to |x| of about 1.8e7: every representable rate
_RELATIVE_RESIDUAL = 1e-9
#: Up to this |x t| the value is summed around the exact net (no overflow: e^30 ~ 1e13).
_EXACT_FORM_LIMIT = 30.0

CashFlow = tuple[date, Decimal | float | int]


@dataclass(frozen=True)
class XirrResult:
    """The annual rate (0.05 is 5 %), or None with a reason.

    ``log_rate`` is ln(1 + rate); it stays finite where the annual rate would overflow
    (a big gain over a few days), which is all :meth:`over_days` needs.
    """

    rate: float | None
    log_rate: float | None
    reason: str | None = None

    def over_days(self, days: int) -> float | None:
        """The return over ``days`` at this rate: (1 + rate)^(days / 365) - 1.

        None when there is no rate, or when that return is too large for a float.
        """
        if self.log_rate is None:
            return None
        try:
            return math.expm1(self.log_rate * days / DAYS_PER_YEAR)
        except OverflowError:
            return None


def xnpv(rate: float, cash_flows: Sequence[CashFlow]) -> float:
    """Value at the first flow's date of the flows discounted at ``rate`` (actual/365)."""
    first = min(day for day, _ in cash_flows)
    return math.fsum(
        float(amount) / (1.0 + rate) ** ((day - first).days / DAYS_PER_YEAR)
        for day, amount in cash_flows
    )


def xirr(cash_flows: Sequence[CashFlow]) -> XirrResult:
    """The rate that makes the value of the dated flows zero, as Excel's XIRR defines it.

    Negative amounts are money put in, positive ones money taken out (or still there
    at the end). Returns None with a reason when no such rate exists or none is found.
    """
    # The flows' exact net sum, the value at a 0 % rate: see _scaled_value.
    net = float(sum((Decimal(amount) for _, amount in cash_flows), Decimal(0)))
    flows = [(day, float(amount)) for day, amount in cash_flows if amount != 0]
    if not flows:
        return _undefined("undefined because there are no cash flows")
    if all(amount > 0 for _, amount in flows) or all(amount < 0 for _, amount in flows):
        return _undefined(
            "undefined because every cash flow goes the same way, so no rate balances them"
        )
    first = min(day for day, _ in flows)
    years = np.array([(day - first).days / DAYS_PER_YEAR for day, _ in flows])
    amounts = np.array([amount for _, amount in flows])
    if not years.any():
        return _undefined("undefined because all the cash flows fall on one date")

    def sign_of_value(x: float) -> float:
        return _scaled_value(x, years, amounts, net)[0]

    bracket = _bracket(sign_of_value)
    if bracket is None:
        return _undefined("undefined because no rate of return makes the flows' value zero")
    x = _bisect(sign_of_value, *bracket)
    value, scale = _scaled_value(x, years, amounts, net)
    if abs(value) > _RELATIVE_RESIDUAL * scale:
        return _undefined(f"undefined because the solver did not converge (residual {value:.3g})")
    return _result(x)


def _scaled_value(
    x: float, years: np.ndarray, amounts: np.ndarray, net: float
) -> tuple[float, float]:
    """Sum of a * exp(-x t), divided by its largest factor: same sign, never overflows.

    Also returns the matching sum of |a| * factor, the scale the residual is judged by.
    Near 0 % (|x t| small, every real portfolio) the value is computed as
    ``net + sum(a * expm1(-x t))`` with ``net`` the exact sum of the flows: the plain sum
    cancels 1e13 opening against 1e13 closing and keeps only a few digits of a 1,000
    gain (relative error 1e-7 in the rate); this form keeps about 1e-15. Factor 1 there.
    """
    exponents = -x * years
    if abs(exponents).max() <= _EXACT_FORM_LIMIT:
        terms = amounts * np.expm1(exponents)
        return net + math.fsum(terms), float(np.dot(np.abs(amounts), np.exp(exponents)))
    factors = np.exp(exponents - exponents.max())
    return float(np.dot(amounts, factors)), float(np.dot(np.abs(amounts), factors))


def _bracket(f: Callable[[float], float]) -> tuple[float, float] | None:
    """The first sign change found stepping outward from x = 0 (rate 0 %), both ways."""
    at_zero = f(0.0)
    if at_zero == 0:
        return 0.0, 0.0
    inner = {1.0: (0.0, at_zero), -1.0: (0.0, at_zero)}
    for step in range(_GRID_STEPS):
        for side in (1.0, -1.0):
            x = side * _GRID_START * 2.0**step
            value = f(x)
            previous_x, previous_value = inner[side]
            if value == 0 or (value > 0) != (previous_value > 0):
                return (previous_x, x) if side > 0 else (x, previous_x)
            inner[side] = (x, value)
    return None


def _bisect(f: Callable[[float], float], low: float, high: float) -> float:
    """Halve [low, high] until the floats meet; f(low) and f(high) differ in sign."""
    if f(high) == 0:
        return high
    low_positive = f(low) > 0
    while True:
        middle = (low + high) / 2.0
        if middle in (low, high):
            return middle
        value = f(middle)
        if value == 0:
            return middle
        if (value > 0) == low_positive:
            low = middle
        else:
            high = middle


def _result(x: float) -> XirrResult:
    try:
        return XirrResult(math.expm1(x), x)
    except OverflowError:
        return XirrResult(None, x, "undefined because the annual rate is too large to show")


def _undefined(reason: str) -> XirrResult:
    return XirrResult(None, None, reason)
