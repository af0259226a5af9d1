"""Charts that tell the same story as the numbers: the figure behind each chart, by hand.

Each scenario builds a small portfolio through the services (on SQLite and PostgreSQL),
reads it as the pages do, and checks the Plotly figure's traces, colours, ranges and signs.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from equity.reads.dashboard import (
    FlowMarker,
    flow_markers,
    history_between,
    period_waterfall,
    with_contributions,
)
from equity.reads.history import equity_history
from equity.services.cash_flows import FlowRequest, list_cash_flows, record_cash_flow
from equity_app import palette
from equity_app.chart_data import window_start
from equity_app.components import charts
from tests.app.screen import assert_no_exception
from tests.app.test_dashboard_page import chart_drawn
from tests.app.test_history_page import seed_hand_fund
from tests.support import D, add_days, day, new_portfolio


def _traces_by_name(figure) -> dict:
    return {trace.name: trace for trace in figure.data if trace.showlegend is not False}


def test_a_cumulative_loss_is_drawn_below_contributions_in_the_loss_colour(db):
    """Opening 1,000,000; +1,000 on Thursday, -3,200 on Friday, 0 on Monday.

    Cumulative P&L: +1,000, then -2,200 twice. Contributions stay 1,000,000, so the losses
    band runs from 997,800 up to 1,000,000 on Friday and Monday, and there is no gain then.
    """
    name = new_portfolio(db, opening="1000000", inception="2025-01-01")
    add_days(db, name, ("2025-01-02", "1000"), ("2025-01-03", "-3200"), ("2025-01-06", "0"))
    frame = with_contributions(equity_history(db, name).frame)

    figure = charts.contributions_vs_gains_chart(frame, "USD")

    traces = _traces_by_name(figure)
    contributions = traces["Net contributions"]
    losses, gains = traces["Market losses"], traces["Market gains"]
    assert list(contributions.y) == [1_000_000.0, 1_000_000.0, 1_000_000.0]
    assert list(losses.y) == [1_000_000.0, 997_800.0, 997_800.0]
    assert all(loss < c for loss, c in zip(losses.y[1:], contributions.y[1:], strict=True))
    assert list(gains.y) == [1_001_000.0, 1_000_000.0, 1_000_000.0]  # no gains area on a loss
    assert losses.line.color == palette.LOSS and gains.line.color == palette.GAIN
    assert losses.fillcolor == "rgba(220,38,38,0.45)"  # palette.LOSS, translucent
    assert list(gains.customdata) == ["+$1,000.00", "-$2,200.00", "-$2,200.00"]
    assert "Gains/losses" in gains.hovertemplate
    # Each band fills to the trace drawn just before it: losses to contributions, gains to
    # an invisible copy of contributions, never to the losses' edge.
    order = [trace.name for trace in figure.data]
    assert order == ["Net contributions", "Market losses", "Net contributions", "Market gains"]
    assert [trace.fill for trace in figure.data] == ["tozeroy", "tonexty", None, "tonexty"]
    assert list(figure.data[2].y) == list(contributions.y)


def _windowed_fund(db) -> str:
    """Opening 10,000,000 on 2025-01-01; +2,000,000 and a 1,000,000 deposit on 2 January.

    Equity 13,000,000 on 2 January, then +10,000, -5,000 and +1,000 on 3-5 March:
    13,010,000, 13,005,000, 13,006,000. Contributions are 11,000,000 from 2 January.
    """
    name = new_portfolio(db, opening="10000000", inception="2025-01-01")
    add_days(db, name, ("2025-01-02", "2000000"))
    record_cash_flow(db, FlowRequest(name, day("2025-01-02"), "deposit", D("1000000")))
    add_days(db, name, ("2025-03-03", "10000"), ("2025-03-04", "-5000"), ("2025-03-05", "1000"))
    return name


def test_one_month_ends_at_the_last_snapshot_and_its_y_axes_fit_that_month(db):
    name = _windowed_fund(db)
    history = equity_history(db, name)
    last = day("2025-03-05")
    start = window_start("1M", history.frame["date"].iloc[0], last)
    assert start == day("2025-02-05")
    late = FlowMarker(day("2025-03-20"), "withdrawal", D("5.00"), None, D("12006000.00"))
    markers = [*flow_markers(history, list_cash_flows(db, name)), late]

    figure = charts.equity_chart(history_between(history, start, last), markers, "USD")

    assert tuple(figure.layout.xaxis.range) == (day("2025-03-03"), last)
    assert figure.layout.xaxis2.matches == "x" or figure.layout.xaxis.matches == "x2"
    traces = {trace.name: trace for trace in figure.data}
    assert list(traces["Equity"].y) == [13_010_000.0, 13_005_000.0, 13_006_000.0]
    assert list(traces["Net contributions"].y) == [11_000_000.0] * 3
    assert list(traces["Cumulative P&L"].y) == [2_010_000.0, 2_005_000.0, 2_006_000.0]
    assert "Deposit" not in traces and "Withdrawal" not in traces  # 2 January; after the end
    for axis in (figure.layout.yaxis, figure.layout.yaxis2):
        assert axis.autorange is True and axis.rangemode == "normal" and not axis.fixedrange
    assert traces["Cumulative P&L"].yaxis == "y2"  # P&L on its own axis, not equity's
    assert not figure.layout.xaxis.rangeselector.buttons  # no Plotly buttons to cover


def test_the_whole_history_shows_the_deposit_on_the_equity_of_its_day(db):
    name = _windowed_fund(db)
    history = equity_history(db, name)
    markers = flow_markers(history, list_cash_flows(db, name))
    frame = history_between(history, day("2025-01-01"), day("2025-03-05"))

    figure = charts.equity_chart(frame, markers, "USD")

    [deposit] = [trace for trace in figure.data if trace.name == "Deposit"]
    assert (tuple(deposit.x), tuple(deposit.y)) == ((day("2025-01-02"),), (13_000_000.0,))
    assert tuple(figure.layout.xaxis.range) == (day("2025-01-02"), day("2025-03-05"))
    assert figure.layout.xaxis.hoverformat == "%Y-%m-%d"


def test_windows_count_back_by_calendar_from_the_last_snapshot():
    first = day("2024-01-15")
    assert window_start("1M", first, day("2024-03-31")) == day("2024-02-29")
    assert window_start("3M", first, day("2024-03-31")) == day("2024-01-15")  # not before first
    assert window_start("YTD", first, day("2025-06-30")) == day("2025-01-01")
    assert window_start("1Y", first, day("2025-06-30")) == day("2024-06-30")
    assert window_start("All", first, day("2025-06-30")) == first


def test_the_waterfall_axis_starts_at_zero_so_a_twenty_percent_rise_looks_like_one(db):
    """Opening 1,000,000; +200,000 P&L in the period: ending equity 1,200,000 (+20 %).

    On a zero-based axis the ending bar is exactly 1.2 times the starting bar's height.
    """
    name = new_portfolio(db, opening="1000000", inception="2025-01-01")
    add_days(db, name, ("2025-01-02", "150000"), ("2025-01-03", "50000"))
    fall = period_waterfall(equity_history(db, name), day("2025-01-01"), day("2025-01-31"))

    figure = charts.waterfall_chart(fall, "USD")

    low, high = figure.layout.yaxis.range
    assert low == 0.0 and high >= 1_200_000.0
    bars = figure.data[0]
    assert list(bars.base) == [0.0, 1_000_000.0, 1_000_000.0, 1_000_000.0, 0.0]
    assert list(bars.y) == [1_000_000.0, 0.0, 0.0, 200_000.0, 1_200_000.0]
    assert bars.y[4] / bars.y[0] == 1.2
    assert list(bars.text) == ["$1M", "+$0", "+$0", "+$200k", "$1.2M"]  # short on the bar
    assert list(bars.customdata) == [
        "$1,000,000.00",
        "+$0.00",
        "+$0.00",
        "+$200,000.00",
        "$1,200,000.00",
    ]  # every cent in the hover


def test_short_bar_labels_keep_three_digits_and_the_sign_before_the_symbol():
    assert charts.compact_money(D("34080301.11"), "USD") == "$34.1M"
    assert charts.compact_money(D("-1250000.50"), "USD", signed=True) == "-$1.25M"
    assert charts.compact_money(D("2134566.44"), "EUR", signed=True) == "+€2.13M"
    assert charts.compact_money(D("999950"), "USD") == "$1M"  # not "$1e+03k"
    assert charts.compact_money(D("1500000000"), "GBP") == "£1.5B"  # B, not SI's G
    assert charts.compact_money(D("0.00"), "JPY", signed=True) == "+¥0"


def test_history_draws_equity_and_pnl_apart_with_flow_markers_and_iso_hovers(empty_url, open_app):
    """Opening 1,000,000; +20,000 Friday; 5,000.50 deposited Saturday; -1,234.56 Monday.

    Equity 1,020,000.00, 1,025,000.50 (the carried-forward Saturday), 1,023,765.94; the
    deposit's marker sits on Saturday's equity; cumulative P&L 20,000, 20,000, 18,765.44.
    """
    seed_hand_fund(empty_url)

    at = open_app("pages/history.py")

    assert_no_exception(at)
    figure, config = chart_drawn(at, "history_equity_chart")
    traces = {trace["name"]: trace for trace in figure["data"]}
    assert traces["Equity"]["y"] == [1_020_000.0, 1_025_000.5, 1_023_765.94]
    assert traces["Cumulative P&L"]["y"] == [20_000.0, 20_000.0, 18_765.44]
    assert traces["Cumulative P&L"]["yaxis"] == "y2" and traces["Equity"]["yaxis"] == "y"
    assert (traces["Deposit"]["x"], traces["Deposit"]["y"]) == (["2025-01-04"], [1_025_000.5])
    assert figure["layout"]["xaxis"]["range"] == ["2025-01-03", "2025-01-06"]
    assert config["locales"]["en-USD"]["format"]["currency"] == ["$", ""]
    for key in ("history_equity_chart", "history_pnl_chart", "history_split_chart"):
        drawn, _ = chart_drawn(at, key)
        assert drawn["layout"]["xaxis"]["hoverformat"] == "%Y-%m-%d", key
        assert drawn["layout"]["yaxis"]["tickformat"] == "$.3~s", key  # "−$400k"
        assert "tickprefix" not in drawn["layout"]["yaxis"], key
    assert "Daily P&L" in [header.value for header in at.subheader]


def test_a_long_range_of_pnl_bars_is_headed_and_named_weekly():
    days = charts.MAX_PNL_BARS + 1
    frame = with_contributions(
        pd.DataFrame(
            [
                {
                    "date": date(2024, 1, 1) + timedelta(days=i),
                    "equity_balance": D("1000000.00"),
                    "daily_pnl": D("-1.00"),
                    "cumulative_pnl": D("0.00"),
                    "equity_inflow": D("0.00"),
                    "equity_outflow": D("0.00"),
                    "total_value": D("1000000.00"),
                    "source": "batch",
                }
                for i in range(days)
            ],
            dtype=object,
        )
    )
    figure = charts.daily_pnl_chart(frame, "USD")
    assert charts.pnl_title(frame) == "Weekly P&L"
    assert figure.data[0].name == "Weekly P&L"
    assert figure.data[0].hovertemplate.startswith("Weekly P&L, week to %{x|%Y-%m-%d}:")
    assert figure.data[0].y[0] == -7.0  # 2024-01-01 to 07, a Monday-to-Sunday week
