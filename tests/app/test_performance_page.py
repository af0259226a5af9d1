"""The Performance page: the period table agrees with the dashboard's engine, a benchmark
is compared once imported (on the Data page), and thin histories get words, not errors."""

from __future__ import annotations

import math
from datetime import timedelta

import pandas as pd
import pyxirr

from equity.analytics import sharpe_ratio
from equity.reads.performance import performance_detail, performance_report
from equity.services.benchmarks import import_benchmark_csv
from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.services.portfolios import NewPortfolio, create_portfolio
from equity.services.snapshots import SnapshotInput, upsert_snapshots
from equity.storage.database import open_database
from equity.storage.migrate import ensure_schema
from equity_app.format import percent
from tests.app.screen import assert_no_exception, metric_value, texts
from tests.support import D, day

PAGE = "pages/performance.py"
ATLAS = "Atlas Global Macro"
CHARTS = 4  # growth of 1, drawdown, rolling 12 months, monthly heatmap


def periods(at) -> pd.DataFrame:
    [table] = [d.value for d in at.dataframe if "TWR, annualized" in d.value.columns]
    return table.set_index("Period")


def closes_csv(db_url: str, name: str = ATLAS) -> str:
    """An index with a close on every calendar day of the portfolio's history."""
    frame = performance_detail(open_database(db_url), name).history.frame
    first, last = frame["date"].iloc[0] - timedelta(days=5), frame["date"].iloc[-1]
    lines = ["date,close"]
    for offset in range((last - first).days + 1):
        lines.append(f"{first + timedelta(days=offset)},{4000 + 300 * math.sin(offset / 40):.2f}")
    return "\n".join(lines) + "\n"


def test_the_since_inception_twr_is_the_dashboards_and_the_sharpe_follows_the_rate(
    demo_url, open_app
):
    at = open_app(PAGE)
    assert_no_exception(at)
    report = performance_report(open_database(demo_url), ATLAS)
    table = periods(at)
    assert table.loc["Since inception", "TWR, cumulative"] == percent(report.twr)
    assert table.loc["Since inception", "TWR, annualized"] == percent(report.twr_annualized)
    assert table.loc["Since inception", "MWR, annualized"] == percent(report.mwr)
    assert table.loc["Since inception", "MWR, cumulative"] == percent(report.mwr_cumulative)
    assert metric_value(at, "TWR, cumulative") == percent(report.twr)
    assert metric_value(at, "Max drawdown") == percent(report.max_drawdown)
    # Under a year: no annualized figure on either measure.
    assert table.loc["MTD", "TWR, annualized"] == table.loc["MTD", "MWR, annualized"] == "—"
    # The demo's history is a little over three years, so 3Y has its own figure.
    three_years = next(
        p for p in performance_detail(open_database(demo_url), ATLAS).periods if p.label == "3Y"
    )
    assert table.loc["3Y", "TWR, cumulative"] == percent(three_years.twr) != "—"
    assert any("No benchmark yet" in text for text in texts(at, "info"))
    assert len(at.get("plotly_chart")) == CHARTS

    at.number_input(key="performance_risk_free").set_value(4.0).run()
    returns = performance_detail(open_database(demo_url), ATLAS).daily.returns
    assert metric_value(at, "Sharpe ratio") == f"{sharpe_ratio(returns, 0.04).value:.2f}"
    at.switch_page("pages/dashboard.py").run()
    at.switch_page(PAGE).run()
    assert at.number_input(key="performance_risk_free").value == 4.0  # kept across pages


def test_an_imported_benchmark_is_compared_on_the_common_days(demo_url, open_app):
    db = open_database(demo_url)
    import_benchmark_csv(db, "Sine Index", closes_csv(demo_url))
    comparison = performance_detail(db, ATLAS, "Sine Index").benchmark
    at = open_app(PAGE)
    assert_no_exception(at)
    assert at.selectbox(key="performance_benchmark").value is None  # no benchmark by default
    at.selectbox(key="performance_benchmark").select("Sine Index").run()
    assert_no_exception(at)
    assert metric_value(at, "Excess return") == percent(comparison.excess_return, signed=True)
    assert metric_value(at, "Beta") == f"{comparison.beta:.2f}"
    assert metric_value(at, "Tracking error") == percent(comparison.tracking_error)
    assert not any("No benchmark yet" in text for text in texts(at, "info"))
    assert len(at.get("plotly_chart")) == CHARTS


def test_a_benchmark_uploaded_on_the_data_page_is_listed_then_offered(demo_url, open_app):
    at = open_app("pages/data.py")
    at.text_input(key="benchmark_name").input("Sine Index")
    at.file_uploader(key="benchmark_upload").set_value(
        ("closes.csv", closes_csv(demo_url).encode(), "text/csv")
    )
    at.run()
    assert_no_exception(at)
    assert any("closes** ready" in m.value for m in at.markdown)
    at.button(key="benchmark_import").click().run()
    assert_no_exception(at)
    [listing] = [d.value for d in at.dataframe if "Benchmark" in d.value.columns]
    assert list(listing["Benchmark"]) == ["Sine Index"]
    at.switch_page(PAGE).run()
    assert at.selectbox(key="performance_benchmark").options == ["None", "Sine Index"]
    assert at.selectbox(key="performance_benchmark").value is None


def test_a_bad_benchmark_file_lists_its_rows_and_imports_nothing(demo_url, open_app):
    at = open_app("pages/data.py")
    at.text_input(key="benchmark_name").input("Broken Index")
    bad = "date,close\n2025-01-02,4000\n2025-01-03,-5\n2025-01-06,abc\n"
    at.file_uploader(key="benchmark_upload").set_value(("bad.csv", bad.encode(), "text/csv"))
    at.run()
    assert_no_exception(at)
    assert any("the file has 2 problems" in text for text in texts(at, "error"))
    [errors] = [d.value for d in at.dataframe if "Problem" in d.value.columns]
    assert list(errors["Row"]) == [3, 4]
    assert list(errors["Value"]) == ["-5", "abc"]
    assert not [b for b in at.button if b.key == "benchmark_import"]


def _portfolio(url: str, name: str, opening: str, *days: tuple[str, str]) -> None:
    db = open_database(url)
    ensure_schema(db)
    create_portfolio(db, NewPortfolio(name, D(opening), day("2025-01-02")))
    for iso, pnl in days:
        upsert_snapshots(db, name, [SnapshotInput(day(iso), D(pnl))], source="batch")
    db.dispose()


def test_no_portfolios_points_to_the_data_page(empty_url, open_app):
    at = open_app(PAGE)
    assert_no_exception(at)
    assert any("no portfolios" in text for text in texts(at, "info"))


def test_a_portfolio_without_snapshots_says_so(empty_url, open_app):
    _portfolio(empty_url, "Fresh Fund", "1000000")
    at = open_app(PAGE)
    assert_no_exception(at)
    assert any("has no snapshots yet" in text for text in texts(at, "info"))
    assert not at.get("plotly_chart")


def test_a_single_snapshot_has_a_one_day_return_and_reasons_for_the_rest(empty_url, open_app):
    _portfolio(empty_url, "One Day Fund", "1000000", ("2025-01-03", "2500.00"))
    at = open_app(PAGE)
    assert_no_exception(at)
    assert metric_value(at, "TWR, cumulative") == "0.25 %"
    assert metric_value(at, "Volatility") == "—"
    [volatility] = [m for m in at.metric if m.label == "Volatility"]
    assert "needs at least two daily returns" in volatility.help
    assert periods(at).loc["Since inception", "TWR, cumulative"] == "0.25 %"
    assert any("**Volatility**: undefined because volatility needs" in c.value for c in at.caption)
    assert any("no drawdown yet" in text for text in texts(at, "info"))
    assert any("needs a year of history" in text for text in texts(at, "info"))
    assert len(at.get("plotly_chart")) == CHARTS - 2  # neither a drawdown nor a rolling year


def test_a_portfolio_whose_days_have_no_capital_has_no_returns_and_says_why(empty_url, open_app):
    _portfolio(empty_url, "Empty Start", "0", ("2025-01-03", "100.00"))
    at = open_app(PAGE)
    assert_no_exception(at)
    assert metric_value(at, "TWR, cumulative") == "—"
    assert any("has a return yet" in text for text in texts(at, "info"))
    assert not at.get("plotly_chart")


def test_a_three_day_fund_shows_figures_computed_by_hand(empty_url, open_app):
    """+2 %, then -5 % on capital that includes a Monday deposit, then +2 %.

    TWR 1.02 x 0.95 x 1.02 - 1 = -1.162 %; drawdown 0.969 / 1.02 - 1 = -5 %; daily
    returns 0.02, -0.05, 0.02 have mean -1/300 and sample stdev sqrt(0.0049 / 3), so
    volatility 0.040415 x sqrt(252) = 64.16 % and Sharpe -0.082479 x sqrt(252) = -1.31.
    The MWR is pyxirr's rate for -1,000,000, -480,000 and +1,453,500 over 5 days.
    """
    _portfolio(empty_url, "Hand Fund", "1000000", ("2025-01-03", "20000"))
    db = open_database(empty_url)
    record_cash_flow(db, FlowRequest("Hand Fund", day("2025-01-06"), "deposit", D("480000")))
    for iso, pnl in (("2025-01-06", "-75000"), ("2025-01-07", "28500")):
        upsert_snapshots(db, "Hand Fund", [SnapshotInput(day(iso), D(pnl))], source="batch")
    db.dispose()
    annual = pyxirr.xirr(
        [day("2025-01-02"), day("2025-01-06"), day("2025-01-07")], [-1e6, -480000, 1453500]
    )

    at = open_app(PAGE)

    assert_no_exception(at)
    assert metric_value(at, "TWR, cumulative") == "-1.16 %"
    assert metric_value(at, "Max drawdown") == "-5.00 %"
    assert metric_value(at, "Volatility") == "64.16 %"
    assert metric_value(at, "Sharpe ratio") == "-1.31"
    row = periods(at).loc["Since inception"]
    assert row["TWR, cumulative"] == "-1.16 %"
    assert row["MWR, cumulative"] == f"{((1 + annual) ** (5 / 365) - 1) * 100:.2f} %" == "-2.42 %"
    assert row["TWR, annualized"] == row["MWR, annualized"] == "—"  # five days: not a year
