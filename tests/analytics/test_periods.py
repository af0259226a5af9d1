"""The period table: boundaries, bases, MWR over short and long periods, missing history."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from equity.analytics import period_table, period_table_frame, standard_periods, xnpv
from tests.analytics.builders import D, day, history


def by_label(table):
    return {row.label: row for row in table}


def test_standard_period_boundaries_in_a_leap_year():
    periods = {p.label: p for p in standard_periods(day("2024-02-29"), day("2020-06-15"))}

    assert periods["MTD"].start == day("2024-02-01")
    assert periods["QTD"].start == day("2024-01-01")
    assert periods["YTD"].start == day("2024-01-01")
    assert periods["1Y"].start == day("2023-02-28")
    assert periods["3Y"].start == day("2021-02-28")
    assert periods["Since inception"].start == day("2020-06-15")
    assert periods["1Y"].days == 366
    assert all(p.end == day("2024-02-29") for p in periods.values())


def test_calendar_periods_start_at_inception_when_it_is_later():
    periods = {p.label: p for p in standard_periods(day("2024-08-20"), day("2024-08-05"))}

    assert periods["MTD"].start == day("2024-08-05")
    assert periods["QTD"].start == day("2024-08-05")
    assert periods["1Y"].unavailable == (
        "undefined because the history starts on 2024-08-05, less than 1 year before 2024-08-20"
    )


def test_ytd_is_based_on_last_years_closing_equity_and_counts_its_flows():
    """Opening 1000 in 2023; 2024 starts from the 1100 of 2023-12-29, takes a 500 deposit."""
    frame = history(
        "1000",
        [
            ("2023-12-29", "100"),
            ("2024-01-02", "11"),
            ("2024-02-01", "16.11", "500"),
            ("2024-03-15", "-16.27"),
        ],
    )
    table = by_label(period_table(frame, D("1000"), day("2023-06-30")))
    ytd = table["YTD"]

    assert ytd.start == day("2024-01-01")
    assert ytd.end == day("2024-03-15")
    assert ytd.twr == pytest.approx(1.01 * 1.01 * (1 - 16.27 / 1627.11) - 1, abs=1e-15)
    assert ytd.twr_annualized is None
    assert ytd.pnl == D("10.84")
    assert ytd.net_flows == D("500")
    # The MWR's flows: -1100 on 2024-01-01, -500 on 2024-02-01, +1610.84 on 2024-03-15.
    annual = math.expm1(math.log1p(ytd.mwr) * 365 / ytd.days)
    flows = [
        (day("2024-01-01"), -1100),
        (day("2024-02-01"), -500),
        (day("2024-03-15"), 1610.84),
    ]
    assert xnpv(annual, flows) == pytest.approx(0.0, abs=1e-8)


def test_short_period_mwr_without_flows_equals_the_simple_return():
    """Under a year MWR is the period's own return, not an annual rate: 3 % stays 3 %."""
    frame = history("1000", [("2024-05-31", "30")])
    table = by_label(period_table(frame, D("1000"), day("2024-05-01")))

    assert table["MTD"].mwr == pytest.approx(0.03, abs=1e-12)
    assert table["Since inception"].mwr == pytest.approx(0.03, abs=1e-12)
    assert table["Since inception"].twr == pytest.approx(0.03, abs=1e-15)


def test_two_year_history_reports_annual_mwr_and_annualized_twr():
    """21 % over exactly 730 days without flows is 10 % a year, by TWR and by MWR."""
    frame = history("1000", [("2023-01-01", "100"), ("2024-01-01", "110")])
    table = by_label(period_table(frame, D("1000"), day("2022-01-01")))
    since = table["Since inception"]

    assert since.days == 730
    assert since.twr == pytest.approx(0.21, abs=1e-15)
    assert since.twr_annualized == pytest.approx(0.10, abs=1e-12)
    assert since.mwr == pytest.approx(0.10, abs=1e-12)
    one_year = table["1Y"]
    assert one_year.start == day("2023-01-01")
    assert one_year.twr == pytest.approx(0.21, abs=1e-15)  # it includes its start date's P&L
    assert table["3Y"].twr is None


def test_a_period_on_a_single_day_has_no_mwr():
    frame = history("1000", [("2024-05-01", "30")])
    since = by_label(period_table(frame, D("1000"), day("2024-05-01")))["Since inception"]

    assert since.twr == pytest.approx(0.03, abs=1e-15)
    assert since.mwr is None
    assert since.reasons["mwr"] == "undefined because the period starts and ends on 2024-05-01"


def test_no_snapshots_yet():
    frame = history("1000", [])
    table = by_label(period_table(frame, D("1000"), day("2024-05-01")))

    assert table["Since inception"].twr is None
    assert table["Since inception"].pnl == D("0")
    assert table["Since inception"].reasons["mwr"] == (
        "undefined because there is no snapshot from 2024-05-01 to 2024-05-01"
    )


def test_table_frame_has_one_row_per_period():
    frame = history("1000", [("2024-05-31", "30")])
    shown = period_table_frame(period_table(frame, D("1000"), day("2024-05-01")))

    assert list(shown["label"]) == ["MTD", "QTD", "YTD", "1Y", "3Y", "Since inception"]
    assert pd.isna(shown.loc[3, "twr"])
