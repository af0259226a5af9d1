"""Daily flow-neutral returns and period TWR: DESIGN.md's own scenarios."""

from __future__ import annotations

import pytest

from equity.analytics import annualize, chain_link, daily_returns, time_weighted_return
from tests.analytics.builders import D, day, history

OPENING = D("1000000")


def test_design_basics_two_days_of_pnl_chain_to_the_exact_twr():
    """Opening 1,000,000; day 1 +50,000; day 2 -20,000 (DESIGN.md and the planning test)."""
    frame = history("1000000", [("2024-01-02", "50000"), ("2024-01-03", "-20000")])
    daily = daily_returns(frame, OPENING)

    assert list(daily.returns) == [0.05, pytest.approx(-20000 / 1050000, abs=1e-15)]
    result = time_weighted_return(daily, day("2024-01-02"), day("2024-01-03"))
    assert result.twr == pytest.approx(1.05 * (1030000 / 1050000) - 1, abs=1e-12)
    assert result.days == 1
    assert result.twr_annualized is None
    assert result.reasons["twr_annualized"] == "not annualized: the period is 1 day, under a year"


def test_a_deposit_with_zero_pnl_does_not_move_twr():
    """Equity jumps by the deposit; the return that day is 0 and TWR is unchanged."""
    without = history("1000000", [("2024-01-02", "50000"), ("2024-01-04", "-21000")])
    with_deposit = history(
        "1000000",
        [("2024-01-02", "50000"), ("2024-01-03", "0", "1050000"), ("2024-01-04", "-42000")],
    )
    plain = time_weighted_return(
        daily_returns(without, OPENING), day("2024-01-02"), day("2024-01-04")
    )
    funded = daily_returns(with_deposit, OPENING)

    assert funded.returns[day("2024-01-03")] == 0.0
    assert funded.returns[day("2024-01-04")] == pytest.approx(-0.02, abs=1e-15)
    twr = time_weighted_return(funded, day("2024-01-02"), day("2024-01-04")).twr
    assert twr == pytest.approx(plain.twr, abs=1e-15)
    assert twr == pytest.approx(1.05 * 0.98 - 1, abs=1e-15)


def test_weekend_withdrawal_counts_at_the_end_of_its_day():
    """A Saturday withdrawal with no P&L leaves that day's return 0, Monday earns on the rest."""
    frame = history(
        "1000000",
        [("2024-01-05", "10000"), ("2024-01-06", "0", "0", "510000"), ("2024-01-08", "5000")],
    )
    daily = daily_returns(frame, OPENING)

    assert list(daily.returns) == [0.01, 0.0, pytest.approx(5000 / 500000, abs=1e-15)]
    assert time_weighted_return(daily, day("2024-01-05"), day("2024-01-08")).twr == pytest.approx(
        1.01 * 1.01 - 1, abs=1e-15
    )


def test_a_day_with_no_capital_is_undefined_and_counted():
    """An empty portfolio books P&L before its first deposit: no return that day."""
    frame = history("0", [("2024-03-01", "25"), ("2024-03-04", "0", "1000"), ("2024-03-05", "10")])
    daily = daily_returns(frame, D("0"))

    assert [u.date for u in daily.undefined] == [day("2024-03-01")]
    assert daily.undefined[0].reason == (
        "undefined because the portfolio had no capital at the start of 2024-03-01"
    )
    result = time_weighted_return(daily, day("2024-03-01"), day("2024-03-05"))
    assert result.undefined_days == 1
    assert result.defined_days == 2
    assert result.twr == pytest.approx(10 / 1025, abs=1e-15)


def test_negative_capital_is_undefined_with_its_amount():
    frame = history("100", [("2024-03-01", "-150"), ("2024-03-04", "5")])
    daily = daily_returns(frame, D("100"))

    assert daily.undefined[0].reason == (
        "undefined because the portfolio's capital at the start of 2024-03-04 was negative (-50)"
    )


def test_a_period_with_only_undefined_days_has_no_twr_and_says_why():
    frame = history("0", [("2024-03-01", "25")])
    result = time_weighted_return(
        daily_returns(frame, D("0")), day("2024-03-01"), day("2024-03-01")
    )

    assert result.twr is None
    assert result.reasons["twr"] == (
        "undefined because the portfolio had no capital at the start of 2024-03-01"
    )


def test_a_period_without_snapshots_has_no_twr():
    frame = history("1000", [("2024-03-01", "25")])
    result = time_weighted_return(
        daily_returns(frame, D("1000")), day("2024-04-01"), day("2024-04-30")
    )

    assert result.twr is None
    assert (
        result.reasons["twr"]
        == "undefined because there is no snapshot from 2024-04-01 to 2024-04-30"
    )


def test_a_sub_period_chains_only_its_own_days_on_the_previous_close():
    """February's TWR uses January's last equity as its base, not the opening equity."""
    frame = history(
        "1000",
        [("2024-01-31", "100"), ("2024-02-01", "11", "0"), ("2024-02-29", "-22.44", "1100")],
    )
    daily = daily_returns(frame, D("1000"))
    february = time_weighted_return(daily, day("2024-02-01"), day("2024-02-29"))

    assert february.twr == pytest.approx(1.01 * (1 - 22.44 / 2211) - 1, abs=1e-15)
    assert february.days == 28


def test_annualize_from_365_days_only():
    assert annualize(0.21, 730).value == pytest.approx(0.1, abs=1e-15)
    assert annualize(0.10, 365).value == pytest.approx(0.10, abs=1e-15)
    assert annualize(0.10, 364).value is None
    assert annualize(-1.5, 400).reason == (
        "not annualized: the period lost more than everything invested"
    )
    assert annualize(None, 400).value is None


def test_chain_link_of_nothing_is_zero():
    assert chain_link([]) == 0.0
    assert chain_link([0.1, -0.1]) == pytest.approx(-0.01, abs=1e-15)


def test_malformed_histories_are_refused():
    frame = history("1000", [("2024-01-02", "1"), ("2024-01-03", "1")])
    with pytest.raises(ValueError, match="ascend"):
        daily_returns(frame.iloc[::-1], D("1000"))
    floats = frame.assign(daily_pnl=[1.0, 1.0])
    with pytest.raises(ValueError, match="not a finite Decimal"):
        daily_returns(floats, D("1000"))
    with pytest.raises(ValueError, match="lacks the column"):
        daily_returns(frame.drop(columns=["equity_inflow"]), D("1000"))
