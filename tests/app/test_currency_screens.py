"""A yen portfolio on screen: whole yen in metrics, tables and chart axes, never sen."""

from __future__ import annotations

import json

from equity.services.portfolios import NewPortfolio, create_portfolio
from equity.storage.database import open_database
from equity.storage.migrate import ensure_schema
from tests.app.screen import assert_no_exception
from tests.support import D, add_days, day

YEN = "Yen Book"


def test_a_yen_portfolio_reads_in_whole_yen_on_the_dashboard(empty_url, open_app):
    db = open_database(empty_url)
    ensure_schema(db)
    create_portfolio(db, NewPortfolio(YEN, D("50000000"), day("2025-01-02"), currency="JPY"))
    add_days(db, YEN, ("2025-01-02", "1250"), ("2025-01-03", "-300"))
    at = open_app(portfolio=YEN)
    assert_no_exception(at)
    metrics = {m.label: (m.value, m.proto.delta) for m in at.metric}
    assert metrics["Current equity"] == ("¥50,000,950", "-¥300 P&L on 2025-01-03")
    assert metrics["Cumulative P&L"][0] == "¥950"
    assert metrics["Net contributions"][0] == "¥50,000,000"
    money = [v for value, delta in metrics.values() for v in (value, delta) if "¥" in v]
    assert len(money) == 4 and not any("." in v or "JPY" in v for v in money)
    # Ticks are d3 currency formats ("$" is the locale's symbol: "−¥400k", not "¥−400k");
    # each chart's config gives Plotly a locale whose currency is the yen.
    charts = at.get("plotly_chart")
    axes = [json.loads(c.proto.spec)["layout"]["yaxis"].get("tickformat") for c in charts]
    assert axes and set(axes) == {"$.3~s"}
    symbols = [
        json.loads(c.proto.config)["locales"]["en-JPY"]["format"]["currency"] for c in charts
    ]
    assert symbols == [["¥", ""]] * len(charts)  # the equity and waterfall charts tick in yen
