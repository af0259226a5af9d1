"""A benchmark beside the portfolio, never instead of it: rows, months and line by hand.

"A five-day fund and an index that starts on its third day": the fund earns +1 %, +2 %,
-1 %, +3 %, +1 % on 2024-01-29 (Monday) to 2024-02-02; the index closes at 100 on
2024-01-30, 102 on the 31st, 102 on 1 February and 105.06 on the 2nd, so its returns
run from the 31st: +2 %, 0 %, +3 %.
"""

from __future__ import annotations

import pandas as pd
import pytest

from equity.analytics import compare_to_benchmark, twr_index
from equity.analytics.benchmark import aligned_returns
from equity.analytics.benchmark_views import (
    benchmark_growth,
    benchmark_monthly_table,
    benchmark_periods,
    covers_whole_history,
)
from equity.analytics.periods import Period, PeriodPerformance
from tests.analytics.builders import day


def series(pairs) -> pd.Series:
    return pd.Series(
        [value for _, value in pairs], index=pd.Index([day(d) for d, _ in pairs], dtype=object)
    )


FUND = series(
    [
        ("2024-01-29", 0.01),
        ("2024-01-30", 0.02),
        ("2024-01-31", -0.01),
        ("2024-02-01", 0.03),
        ("2024-02-02", 0.01),
    ]
)
INDEX = series(
    [("2024-01-30", 100.0), ("2024-01-31", 102.0), ("2024-02-01", 102.0), ("2024-02-02", 105.06)]
)


def row(label: str, start: str, end: str) -> PeriodPerformance:
    period = Period(label, day(start), day(end))
    return PeriodPerformance(label, period.start, period.end, period.days, 0.0, None, None,
                             None if label == "3Y" else 0, 0, 0)  # fmt: skip


def test_the_index_fills_the_periods_it_covers_and_says_why_it_cannot_fill_the_rest():
    comparison = compare_to_benchmark(FUND, INDEX)
    rows = benchmark_periods(
        comparison,
        FUND,
        [
            row("MTD", "2024-02-01", "2024-02-02"),
            row("Since inception", "2024-01-29", "2024-02-02"),
            row("3Y", "2021-02-02", "2024-02-02"),
        ],
    )
    mtd, since_inception, three_years = rows

    assert mtd.cumulative.value == pytest.approx(1.00 * 1.03 - 1, abs=1e-15)
    assert mtd.annualized.value is None and mtd.annualized.reason.startswith("not annualized")
    assert since_inception.cumulative.value is None  # three of five days is not the period
    assert since_inception.cumulative.reason == (
        "undefined because the benchmark covers only 2024-01-31 to 2024-02-02 of the "
        "portfolio's dates"
    )
    assert three_years.cumulative.value is None
    assert not covers_whole_history(comparison, FUND)


def test_the_index_line_starts_at_the_funds_level_on_the_day_its_first_return_runs_from():
    comparison = compare_to_benchmark(FUND, INDEX)
    line = benchmark_growth(comparison, FUND, day("2024-01-29"))
    fund_level = 1.01 * 1.02  # the fund's growth of 1 on the 30th

    assert list(line.index) == [day(d) for d in ("2024-01-30", "2024-01-31", "2024-02-01",
                                                 "2024-02-02")]  # fmt: skip
    assert line.iloc[0] == pytest.approx(fund_level, abs=1e-15)
    assert list(line) == pytest.approx(
        [fund_level, fund_level * 1.02, fund_level * 1.02, fund_level * 1.0506], abs=1e-12
    )
    assert twr_index(FUND).iloc[-1] == pytest.approx(1.01 * 1.02 * 0.99 * 1.03 * 1.01)


def test_a_month_the_index_covers_in_part_is_blank_and_so_is_its_year():
    comparison = compare_to_benchmark(FUND, INDEX)
    table = benchmark_monthly_table(comparison, FUND)

    assert pd.isna(table.loc[2024, 1])  # January: the index misses the 29th and 30th
    assert table.loc[2024, 2] == pytest.approx(105.06 / 102.0 - 1, abs=1e-12)  # 0 %, then +3 %
    assert pd.isna(table.loc[2024, "Year"])


def test_an_index_whose_history_ended_is_not_drawn_flat_afterwards():
    """Closes stop on 2024-01-05; the fund goes on to the 22nd. A close up to 7 days old
    stands in (a weekend, a holiday); after that the index has no return, not 0 %."""
    fund = series([(f"2024-01-{d:02d}", 0.01) for d in (2, 3, 4, 5, 8, 12, 15, 22)])
    closes = series([("2024-01-01", 100.0), ("2024-01-03", 101.0), ("2024-01-05", 102.0)])

    paired = aligned_returns(fund, closes)

    assert [d.isoformat() for d in paired.index] == [
        "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-08", "2024-01-12",
    ]  # fmt: skip
    assert paired.loc[day("2024-01-12"), "benchmark"] == 0.0  # 7 days after the last close
