"""The dashboard: the metric row, the stale-data warning, charts, and the overview."""

from __future__ import annotations

import json

from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from equity.reads.history import equity_history
from equity.reads.performance import performance_report
from equity.services.portfolios import NewPortfolio, create_portfolio
from equity.services.snapshots import SnapshotInput, upsert_snapshots
from equity.storage.database import open_database
from equity.storage.migrate import ensure_schema
from equity_app.chart_data import window_start
from tests.app.screen import assert_no_exception, metric_value, texts
from tests.support import D, day


def test_the_metric_row_of_the_largest_demo_portfolio(demo_url, open_app):
    at = open_app()
    assert_no_exception(at)
    db = open_database(demo_url)
    report = performance_report(db, "Atlas Global Macro")
    assert metric_value(at, "Current equity") == f"${report.current_equity:,.2f}"
    assert metric_value(at, "Cumulative P&L") == f"${report.cumulative_pnl:,.2f}"
    assert metric_value(at, "Net contributions") == f"${report.net_contributions:,.2f}"
    assert metric_value(at, "Time-weighted return") == f"{report.twr * 100:,.2f} %"
    assert metric_value(at, "Last snapshot") == report.end.isoformat()
    assert "of net contributions" in at.metric[1].delta
    assert len(at.get("plotly_chart")) == 2  # the equity chart and the waterfall


def test_the_overview_lists_every_portfolio_in_its_own_currency(demo_url, open_app):
    """The firm view (tests/app/test_firm_table.py has its figures): amounts are numbers
    underneath, drawn in each row's currency."""
    at = open_app()
    [overview] = [d for d in at.dataframe if "Portfolio" in d.value.columns]
    assert list(overview.value["Portfolio"]) == [
        "Atlas Global Macro",
        "Harbor Long/Short",
        "Meridian Income",
    ]
    shown = convert_arrow_bytes_to_pandas_df(overview.proto.arrow_data.styler.display_values)
    assert shown["Equity"].iloc[2].startswith("€")


def test_equity_older_than_three_business_days_is_flagged_stale(empty_url, open_app):
    db = open_database(empty_url)
    ensure_schema(db)
    create_portfolio(db, NewPortfolio("Dusty Fund", D("1000000"), day("2024-01-02")))
    upsert_snapshots(db, "Dusty Fund", [SnapshotInput(day("2024-01-03"), D("10"))], "batch")
    at = open_app()
    assert_no_exception(at)
    [warning] = texts(at, "warning")
    assert warning.startswith("The latest snapshot is from 2024-01-03")
    assert "stale" in warning
    assert not [d for d in at.dataframe]  # one portfolio: no overview table


def test_the_waterfall_period_can_be_chosen(demo_url, open_app):
    at = open_app()
    for preset in ("MTD", "QTD", "1Y", "Since inception"):
        at.button_group(key="waterfall_preset").set_value(preset).run()
        assert_no_exception(at)
    at.button_group(key="waterfall_preset").set_value("Custom").run()
    assert_no_exception(at)
    assert at.date_input(key="waterfall_dates")


def chart_drawn(at, key: str) -> tuple[dict, dict]:
    """The Plotly figure and config (as JSON) behind the chart drawn with ``key``."""
    for element in at.get("plotly_chart"):
        if element.proto.id.endswith(f"-{key}"):
            return json.loads(element.proto.spec), json.loads(element.proto.config)
    raise AssertionError(f"no chart {key!r}")


def test_one_month_of_the_equity_chart_ends_at_the_last_snapshot(demo_url, open_app):
    frame = equity_history(open_database(demo_url), "Atlas Global Macro").frame
    last = frame["date"].iloc[-1]
    at = open_app()
    at.segmented_control(key="equity_window").set_value("1M").run()
    assert_no_exception(at)
    figure, config = chart_drawn(at, "equity_chart")
    start = window_start("1M", frame["date"].iloc[0], last)
    inside = frame[frame["date"] >= start]
    assert figure["layout"]["xaxis"]["range"] == [
        inside["date"].iloc[0].isoformat(),
        last.isoformat(),
    ]
    [equity] = [t for t in figure["data"] if t["name"] == "Equity"]
    assert equity["y"][-1] == float(inside["equity_balance"].iloc[-1])
    assert len(equity["y"]) == len(inside)  # only the month: the y axis fits it
    assert figure["layout"]["yaxis"]["autorange"] is True
    assert config["locales"]["en-USD"]["format"]["currency"] == ["$", ""]
