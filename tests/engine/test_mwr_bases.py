"""MWR on TWR's two bases (issue 12 item 4): cumulative and annualized, worked out by hand.

The XIRR is actual/365, so a rate r over d calendar days grows money by (1 + r)^(d/365).
The scenarios pick flows whose rate is a round number, so every expected figure is exact:

- "Two years with a deposit": 1,000,000 on 2021-01-01, a 100,000 deposit on 2022-01-01
  (365 days later), 1,320,000 at the end on 2023-01-01 (730 days). At r = 10 %:
  1,000,000 x 1.21 + 100,000 x 1.1 = 1,320,000, so MWR is 10 % a year and 21 % over the
  two years. The 1Y row starts from the 1,000,000 held on 2022-01-01: 1,100,000 x 1.2 =
  1,320,000, so 20 % on both bases (exactly 365 days).
- "Ten weeks up 10 %": 1,000,000 on 2023-01-01, 1,100,000 on 2023-03-15 (73 days, a fifth
  of a year), no flows: 10 % over the period, not annualized (as TWR), and ``mwr`` keeps
  its contract meaning, the period's own 10 %.
"""

from __future__ import annotations

import json

import pytest

from equity.analytics import performance_summary, period_table
from tests.analytics.builders import D, day, history
from tests.engine.conftest import Cli


def two_years_with_a_deposit():
    return history(
        "1000000",
        [
            ("2021-01-01", "0"),
            ("2022-01-01", "100000", "100000"),
            ("2023-01-01", "120000"),
        ],
    )


def ten_weeks_up_ten_percent():
    return history("1000000", [("2023-01-01", "0"), ("2023-03-15", "100000")])


def test_two_years_with_a_deposit_since_inception():
    summary = performance_summary(two_years_with_a_deposit(), D("1000000"), day("2021-01-01"))

    assert summary.mwr_annualized == pytest.approx(0.10, rel=1e-12)
    assert summary.mwr_cumulative == pytest.approx(0.21, rel=1e-12)
    assert summary.mwr == summary.mwr_annualized  # the contract's mwr is unchanged
    # TWR on the same bases, for contrast: (1 + 100,000/1,100,000)(1 + 120,000/1,200,000) = 1.2.
    assert summary.twr == pytest.approx(0.20, rel=1e-12)
    assert summary.twr_annualized == pytest.approx(1.2**0.5 - 1, rel=1e-12)


def test_two_years_with_a_deposit_one_year_row():
    rows = {
        row.label: row
        for row in period_table(two_years_with_a_deposit(), D("1000000"), day("2021-01-01"))
    }

    one_year = rows["1Y"]
    assert one_year.days == 365
    assert one_year.mwr_cumulative == pytest.approx(0.20, rel=1e-12)
    assert one_year.mwr_annualized == pytest.approx(0.20, rel=1e-12)
    assert rows["3Y"].mwr_cumulative is None and rows["3Y"].mwr_annualized is None
    assert rows["3Y"].reasons["mwr_cumulative"].startswith("undefined because the history")


def test_ten_weeks_up_ten_percent_is_cumulative_only():
    summary = performance_summary(ten_weeks_up_ten_percent(), D("1000000"), day("2023-01-01"))

    assert summary.mwr_cumulative == pytest.approx(0.10, rel=1e-12)
    assert summary.mwr_annualized is None
    assert (
        summary.reasons["mwr_annualized"] == "not annualized: the period is 73 days, under a year"
    )
    assert summary.mwr == summary.mwr_cumulative
    assert summary.twr_annualized is None  # the same rule for both measures


@pytest.fixture
def two_year_fund(db, cli: Cli):
    cli(db, "init")
    cli(db, "portfolio", "add", "Fund", "--opening-equity", "1000000", "--inception", "2021-01-01")
    cli(db, "snapshot", "add", "Fund", "2021-01-01", "--daily-pnl", "0")
    cli(db, "snapshot", "add", "Fund", "2022-01-01", "--daily-pnl", "100000")
    cli(db, "flow", "add", "Fund", "2022-01-01", "deposit", "100000")
    cli(db, "snapshot", "add", "Fund", "2023-01-01", "--daily-pnl", "120000")
    return db


def test_performance_json_adds_both_bases_and_keeps_mwr(two_year_fund, cli):
    perf = json.loads(cli(two_year_fund, "performance", "Fund", "--json").stdout)

    assert perf["current_equity"] == "1320000.00"
    assert perf["mwr"] == pytest.approx(0.10, rel=1e-12)
    assert perf["mwr_annualized"] == pytest.approx(0.10, rel=1e-12)
    assert perf["mwr_cumulative"] == pytest.approx(0.21, rel=1e-12)
    assert perf["twr"] == pytest.approx(0.20, rel=1e-12)


def test_period_json_rows_carry_both_bases(two_year_fund, cli):
    one_year = json.loads(
        cli(two_year_fund, "performance", "Fund", "--period", "1Y", "--json").stdout
    )
    mtd = json.loads(cli(two_year_fund, "performance", "Fund", "--period", "MTD", "--json").stdout)

    assert one_year["mwr_cumulative"] == pytest.approx(0.20, rel=1e-12)
    assert one_year["mwr_annualized"] == pytest.approx(0.20, rel=1e-12)
    # MTD is 2023-01-01 alone: no period, no MWR on either basis.
    assert mtd["mwr_cumulative"] is None and mtd["mwr_annualized"] is None
