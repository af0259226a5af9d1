"""performance_summary and the exact JSON of `python -m equity performance --json`."""

from __future__ import annotations

import json
import math
import statistics

import pytest

from equity import output
from equity.analytics import performance_summary, xnpv
from equity.analytics.history import empty_history
from tests.analytics.builders import D, day, history

CONTRACT_KEYS = [
    "start",
    "end",
    "twr",
    "twr_annualized",
    "mwr",
    "max_drawdown",
    "volatility",
    "undefined_days",
    "net_contributions",
    "cumulative_pnl",
    "current_equity",
    "mwr_cumulative",  # issue 12 adds MWR on TWR's two bases, after the original keys
    "mwr_annualized",
]


def first_week():
    """Opening 1,000,000 on Tuesday 2024-01-02: +50,000, -20,000, a Saturday deposit of
    100,000 (carry-forward day, no P&L), +1 % on Monday, then -1 % and a 41,300 withdrawal."""
    return history(
        "1000000",
        [
            ("2024-01-02", "50000"),
            ("2024-01-03", "-20000"),
            ("2024-01-06", "0", "100000"),
            ("2024-01-08", "11300"),
            ("2024-01-09", "-11413", "0", "41300"),
        ],
    )


def test_first_week_summary_figures():
    summary = performance_summary(first_week(), D("1000000"), day("2024-01-02"))
    returns = [0.05, -20000 / 1050000, 0.0, 0.01, -0.01]

    assert (summary.start, summary.end) == (day("2024-01-02"), day("2024-01-09"))
    assert summary.twr == pytest.approx(1.05 * (1030000 / 1050000) * 1.01 * 0.99 - 1, abs=1e-12)
    assert summary.twr_annualized is None
    assert summary.max_drawdown == pytest.approx((1030000 / 1050000) * 1.01 * 0.99 - 1, abs=1e-12)
    assert summary.volatility == pytest.approx(
        statistics.stdev(returns) * math.sqrt(252), abs=1e-12
    )
    assert summary.undefined_days == 0
    assert summary.net_contributions == D("1058700")
    assert summary.cumulative_pnl == D("29887")
    assert summary.current_equity == D("1088587")
    # MWR is the 7-day money-weighted return: its annual rate zeroes the flows' value.
    annual = (1 + summary.mwr) ** (365 / 7) - 1
    flows = [
        (day("2024-01-02"), -1000000),
        (day("2024-01-06"), -100000),
        (day("2024-01-09"), 41300),
        (day("2024-01-09"), 1088587),
    ]
    assert xnpv(annual, flows) == pytest.approx(0.0, abs=1e-4)


def test_json_has_exactly_the_contract_keys_and_two_decimal_amounts():
    summary = performance_summary(first_week(), D("1000000"), day("2024-01-02"))
    payload = output.performance(summary)

    assert list(payload) == CONTRACT_KEYS
    assert payload["start"] == "2024-01-02"
    assert payload["end"] == "2024-01-09"
    assert payload["twr_annualized"] is None
    assert isinstance(payload["twr"], float)
    assert payload["undefined_days"] == 0
    assert payload["net_contributions"] == "1058700.00"
    assert payload["cumulative_pnl"] == "29887.00"
    assert payload["current_equity"] == "1088587.00"
    assert json.loads(json.dumps(payload)) == payload


def test_a_portfolio_without_snapshots():
    summary = performance_summary(empty_history(), D("250000.5"), day("2024-04-01"))
    payload = output.performance(summary)

    assert payload == {
        "start": "2024-04-01",
        "end": "2024-04-01",
        "twr": None,
        "twr_annualized": None,
        "mwr": None,
        "max_drawdown": None,
        "volatility": None,
        "undefined_days": 0,
        "net_contributions": "250000.50",
        "cumulative_pnl": "0.00",
        "current_equity": "250000.50",
        "mwr_cumulative": None,
        "mwr_annualized": None,
    }
    assert summary.reasons["twr"] == "undefined because the portfolio has no snapshots yet"
    assert set(summary.reasons) == {
        "twr",
        "twr_annualized",
        "mwr",
        "mwr_cumulative",
        "mwr_annualized",
        "max_drawdown",
        "volatility",
    }


def test_one_snapshot_explains_each_missing_figure():
    summary = performance_summary(
        history("1000", [("2024-04-01", "12.34")]), D("1000"), day("2024-04-01")
    )

    assert summary.twr == pytest.approx(0.01234, abs=1e-15)
    assert summary.max_drawdown == 0.0
    assert summary.reasons["volatility"] == (
        "undefined because volatility needs at least two daily returns and there is only one"
    )
    assert summary.reasons["mwr"] == "undefined because the period starts and ends on 2024-04-01"


def test_pnl_before_the_first_deposit_is_an_undefined_day():
    """An empty portfolio books a fee before it is funded: one undefined day, reported."""
    frame = history("0", [("2024-04-01", "-5"), ("2024-04-02", "0", "1005"), ("2024-04-03", "10")])
    summary = performance_summary(frame, D("0"), day("2024-04-01"))

    assert summary.undefined_days == 1
    assert summary.twr == pytest.approx(10 / 1000, abs=1e-15)
    assert output.performance(summary)["current_equity"] == "1010.00"
    assert output.performance(summary)["net_contributions"] == "1005.00"
    assert output.performance(summary)["cumulative_pnl"] == "5.00"


def test_negative_cumulative_pnl_keeps_its_sign_and_cents():
    frame = history("100.10", [("2024-04-01", "-0.25")])
    payload = output.performance(performance_summary(frame, D("100.10"), day("2024-04-01")))

    assert payload["cumulative_pnl"] == "-0.25"
    assert payload["current_equity"] == "99.85"
