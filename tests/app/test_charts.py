"""Charts: hovers in the portfolio's currency, one colour per meaning, WebGL for long series."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pandas as pd
import plotly.graph_objects as go

from equity.reads.dashboard import FlowMarker, Waterfall, with_contributions
from equity_app import palette
from equity_app.components import charts


def _history(days: int) -> pd.DataFrame:
    start = date(2010, 1, 1)
    rows = [
        {
            "date": start + timedelta(days=i),
            "equity_balance": Decimal("1000000.00") + i,
            "daily_pnl": Decimal("-1.50") if i % 2 else Decimal("1.00"),
            "cumulative_pnl": Decimal(i),
            "equity_inflow": Decimal("0.00"),
            "equity_outflow": Decimal("0.00"),
            "total_value": Decimal("1000000.00"),
            "source": "batch",
        }
        for i in range(days)
    ]
    return with_contributions(pd.DataFrame(rows, dtype=object))


def test_hovers_show_exact_money_in_the_portfolio_currency():
    figure = charts.equity_chart(_history(3), [], "EUR")
    equity = figure.data[0]
    assert list(equity.customdata) == ["€1,000,000.00", "€1,000,001.00", "€1,000,002.00"]
    assert figure.layout.yaxis.tickformat == charts.MONEY_TICKS  # "$": the locale's currency
    assert charts.chart_config("EUR")["locales"]["en-EUR"]["format"]["currency"] == ["€", ""]


def test_a_currency_without_a_symbol_reads_with_its_code_in_front_as_babel_writes_it():
    figure = charts.daily_pnl_chart(_history(2), "SEK")
    assert list(figure.data[0].customdata) == ["+SEK1.00", "-SEK1.50"]
    assert charts.chart_config("SEK")["locales"]["en-SEK"]["format"]["currency"] == ["SEK", ""]


def test_yen_hovers_and_ticks_show_whole_yen():
    figure = charts.daily_pnl_chart(_history(2), "JPY")
    assert list(figure.data[0].customdata) == ["+¥1", "-¥2"]
    assert charts.chart_config("JPY")["locale"] == "en-JPY"
    assert charts.chart_config("JPY")["locales"]["en-JPY"]["format"]["currency"] == ["¥", ""]


def test_gains_are_green_losses_red_and_flows_keep_their_own_colours():
    pnl = charts.daily_pnl_chart(_history(2), "USD").data[0]
    assert list(pnl.marker.color) == [palette.GAIN, palette.LOSS]
    markers = [
        FlowMarker(date(2010, 1, 2), "deposit", Decimal("5.00"), "Wire", Decimal("1000006.00")),
        FlowMarker(date(2010, 1, 3), "withdrawal", Decimal("2.00"), None, Decimal("1000000.00")),
    ]
    figure = charts.equity_chart(_history(3), markers, "USD")
    colours = {trace.name: trace.marker.color for trace in figure.data}
    assert colours["Deposit"] == palette.DEPOSIT and colours["Withdrawal"] == palette.WITHDRAWAL
    assert list(figure.data[2].customdata[0]) == ["$5.00", "2010-01-02", "Wire"]
    assert list(figure.data[3].customdata[0]) == ["$2.00", "2010-01-03", "(no notes)"]
    waterfall = charts.waterfall_chart(
        Waterfall(
            date(2010, 1, 1),
            date(2010, 1, 3),
            Decimal("100"),
            Decimal("5"),
            Decimal("2"),
            Decimal("-1"),
            Decimal("102"),
        ),
        "USD",
    )
    assert list(waterfall.data[0].marker.color) == [
        palette.EQUITY,
        palette.DEPOSIT,
        palette.WITHDRAWAL,
        palette.LOSS,
        palette.EQUITY,
    ]


def test_a_series_longer_than_five_thousand_days_is_drawn_with_webgl():
    assert isinstance(charts.equity_chart(_history(100), [], "USD").data[0], go.Scatter)
    long = charts.equity_chart(_history(charts.WEBGL_ABOVE + 1), [], "USD")
    assert all(isinstance(trace, go.Scattergl) for trace in long.data)


def test_a_single_day_is_a_point_not_an_invisible_line():
    assert charts.equity_chart(_history(1), [], "USD").data[0].mode == "markers"


def test_every_history_chart_draws_a_long_series():
    frame = _history(charts.WEBGL_ABOVE + 1)
    for build in (
        charts.daily_pnl_chart,
        charts.contributions_vs_gains_chart,
    ):
        assert build(frame, "USD").data
    assert charts.equity_chart(frame, [], "USD").data
