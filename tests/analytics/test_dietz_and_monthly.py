"""Modified Dietz per month, the years x months TWR table and rolling 12-month returns."""

from __future__ import annotations

import math
from datetime import timedelta

import pandas as pd
import pytest

from equity.analytics import (
    daily_returns,
    modified_dietz,
    monthly_modified_dietz,
    monthly_returns_table,
    rolling_returns,
)
from equity.analytics.monthly import months_before
from tests.analytics.builders import D, day, history


def test_mid_month_deposit_weighs_from_the_start_of_its_day():
    """March 2024 (31 days): 1000 at the start, 310 in on the 11th (21 of 31 days), 131 P&L."""
    frame = history(
        "1000",
        [("2024-03-01", "0"), ("2024-03-11", "0", "310"), ("2024-03-31", "131")],
    )
    march = monthly_modified_dietz(frame, D("1000"), day("2024-03-01")).iloc[0]

    assert march["month"] == "2024-03"
    assert march["modified_dietz"] == pytest.approx(131 / 1210, abs=1e-15)
    assert march["begin_equity"] == D("1000")
    assert march["end_equity"] == D("1441")
    assert march["net_flows"] == D("310")
    assert march["pnl"] == D("131")


def test_mid_month_withdrawal_weighs_until_the_end_of_its_day():
    """310 out on 11 March was invested 20 of 31 days after it: average capital 800."""
    frame = history("1000", [("2024-03-11", "0", "0", "310"), ("2024-03-31", "8")])
    march = monthly_modified_dietz(frame, D("1000"), day("2024-03-01")).iloc[0]

    assert march["modified_dietz"] == pytest.approx(8 / 800, abs=1e-15)


def test_each_month_starts_from_the_previous_months_close():
    frame = history("1000", [("2024-01-31", "50"), ("2024-02-15", "21")])
    months = monthly_modified_dietz(frame, D("1000"), day("2024-01-01"))

    assert list(months["month"]) == ["2024-01", "2024-02"]
    assert list(months["begin_equity"]) == [D("1000"), D("1050")]
    assert list(months["modified_dietz"]) == pytest.approx([0.05, 0.02], abs=1e-15)
    assert months.iloc[1]["end"] == day("2024-02-15")  # the latest snapshot, not month end


def test_dietz_without_capital_is_undefined():
    figure = modified_dietz(D("0"), D("5"), [])
    assert figure.value is None
    assert figure.reason == "undefined because the average capital invested was not positive (0.00)"


def test_monthly_table_compounds_each_month():
    frame = history(
        "1000",
        [
            ("2023-12-29", "10"),
            ("2024-01-02", "10.10"),
            ("2024-01-31", "-20.402"),
            ("2024-03-01", "9.99698"),
        ],
    )
    table = monthly_returns_table(daily_returns(frame, D("1000")).returns)

    assert list(table.index) == [2023, 2024]
    assert table.loc[2023, 12] == pytest.approx(0.01, abs=1e-15)
    assert table.loc[2024, 1] == pytest.approx(1.01 * 0.98 - 1, abs=1e-15)
    assert math.isnan(table.loc[2024, 2])  # no snapshot in February: a gap, not 0 %
    assert table.loc[2024, 3] == pytest.approx(0.01, abs=1e-12)
    assert table.loc[2024, "Year"] == pytest.approx(1.01 * 0.98 * 1.01 - 1, abs=1e-12)


def test_rolling_twelve_months_starts_once_a_full_year_exists():
    start = day("2023-01-01")
    dates = [start + timedelta(days=i) for i in range(400)]
    returns = pd.Series([0.001] * 400, index=pd.Index(dates, dtype=object))
    rolling = rolling_returns(returns, start)

    assert rolling.index[0] == day("2024-01-01")
    # [2023-01-01, 2024-01-01] holds 366 daily returns of 0.1 %.
    assert rolling.iloc[0] == pytest.approx(1.001**366 - 1, rel=1e-12)
    assert rolling[day("2024-02-04")] == pytest.approx(1.001**366 - 1, rel=1e-12)


def test_months_before_clamps_to_the_end_of_the_month():
    assert months_before(day("2024-03-31"), 1) == day("2024-02-29")
    assert months_before(day("2024-01-15"), 12) == day("2023-01-15")
    assert months_before(day("2024-02-29"), 12) == day("2023-02-28")
