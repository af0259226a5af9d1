"""XIRR: found and verified, or None with the reason; never a silent non-converged guess."""

from __future__ import annotations

import math

import pytest

from equity.analytics import xirr, xnpv
from tests.analytics.builders import D, day


def test_one_year_gain_of_ten_percent():
    flows = [(day("2023-01-01"), D("-1000")), (day("2024-01-01"), D("1100"))]
    result = xirr(flows)

    assert result.rate == pytest.approx(0.10, abs=1e-12)
    assert result.reason is None
    assert xnpv(result.rate, flows) == pytest.approx(0.0, abs=1e-9)


def test_loss_gives_a_negative_rate():
    flows = [(day("2023-01-01"), D("-1000")), (day("2024-01-01"), D("250"))]
    assert xirr(flows).rate == pytest.approx(-0.75, abs=1e-12)


def test_a_big_gain_over_one_day_keeps_the_period_return_exact():
    """+50 % in a day annualizes to about 1.9e64; the one-day return is still exactly 50 %."""
    result = xirr([(day("2024-01-02"), D("-100")), (day("2024-01-03"), D("150"))])

    assert result.over_days(1) == pytest.approx(0.5, abs=1e-12)
    assert result.log_rate == pytest.approx(365 * math.log(1.5), rel=1e-12)


def test_a_total_loss_is_minus_one_hundred_percent_or_close():
    result = xirr([(day("2023-01-01"), D("-100")), (day("2024-01-01"), D("0.01"))])
    assert result.rate == pytest.approx(-0.9999, abs=1e-12)


@pytest.mark.parametrize(
    ("flows", "reason"),
    [
        ([], "undefined because there are no cash flows"),
        (
            [(day("2024-01-01"), D("-5")), (day("2024-02-01"), D("-5"))],
            "undefined because every cash flow goes the same way, so no rate balances them",
        ),
        (
            [(day("2024-01-01"), D("-5")), (day("2024-01-01"), D("6"))],
            "undefined because all the cash flows fall on one date",
        ),
        (
            [(day("2024-01-01"), D("0")), (day("2024-06-01"), D("0"))],
            "undefined because there are no cash flows",
        ),
    ],
    ids=["nothing", "same-sign", "one-date", "zeros"],
)
def test_undefined_rates_say_why(flows, reason):
    result = xirr(flows)
    assert result.rate is None
    assert result.log_rate is None
    assert result.over_days(30) is None
    assert result.reason == reason


def test_flows_with_no_real_root_are_undefined():
    """-100, +250, -160 a year apart: the value is negative at every rate (no IRR exists)."""
    flows = [
        (day("2021-01-01"), D("-100")),
        (day("2022-01-01"), D("250")),
        (day("2023-01-01"), D("-160")),
    ]
    result = xirr(flows)
    assert result.rate is None
    assert result.reason == "undefined because no rate of return makes the flows' value zero"


def test_two_roots_returns_the_one_nearest_zero():
    """-100, +230, -132 a year apart: rates of 10 % and 20 % both zero the value."""
    flows = [
        (day("2021-01-01"), D("-100")),
        (day("2022-01-01"), D("230")),
        (day("2023-01-01"), D("-132")),
    ]
    assert xirr(flows).rate == pytest.approx(0.10, abs=1e-12)


def test_order_of_flows_does_not_matter():
    flows = [
        (day("2009-04-01"), D("2750")),
        (day("2008-01-01"), D("-10000")),
        (day("2009-02-15"), D("3250")),
        (day("2008-10-30"), D("4250")),
        (day("2008-03-01"), D("2750")),
    ]
    assert xirr(flows).rate == pytest.approx(0.373362535, abs=1e-8)
