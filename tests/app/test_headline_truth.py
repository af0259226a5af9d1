"""The dashboard's headline tells a flow from a gain, and a carried-forward day from news.

Scenarios built through the services on SQLite and PostgreSQL, figures computed by hand.
"""

from __future__ import annotations

import pytest
from streamlit.proto.Metric_pb2 import Metric

from equity.reads.dashboard import headline
from equity.reads.history import equity_history
from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.services.portfolios import NewPortfolio, create_portfolio
from equity.services.snapshots import SnapshotInput, upsert_snapshots
from equity.storage.database import open_database
from equity.storage.migrate import ensure_schema
from tests.app.screen import assert_no_exception, texts
from tests.support import D, add_days, day, new_portfolio


def _withdrawal(db, name: str, iso: str, amount: str) -> None:
    record_cash_flow(db, FlowRequest(name, day(iso), "withdrawal", D(amount)))


def test_a_withdrawal_on_the_last_day_leaves_the_delta_at_that_days_pnl(db):
    """Opening 1,000,000 on 2025-01-01; +10,000 on 2 January, +1,000 on 3 January.

    100,000 withdrawn on 3 January: equity 911,000, and the delta is 3 January's +1,000,
    not the -99,000 the equity moved that day.
    """
    name = new_portfolio(db, opening="1000000", inception="2025-01-01")
    add_days(db, name, ("2025-01-02", "10000"), ("2025-01-03", "1000"))
    _withdrawal(db, name, "2025-01-03", "100000")

    figures = headline(equity_history(db, name), today=day("2025-01-03"))

    assert figures.current_equity == D("911000.00")
    assert figures.day_pnl == D("1000.00")
    assert figures.last_snapshot == day("2025-01-03")


def test_a_flow_after_the_last_imported_day_leaves_the_last_snapshot_there(db):
    """P&L imported to Friday 3 January; 50,000 withdrawn on Wednesday 8 January.

    The withdrawal creates a carried-forward 8 January row, so equity is 960,500, but the
    last snapshot stays Friday's, three business days before Wednesday 8 January, and the
    day's P&L is Friday's -500.
    """
    name = new_portfolio(db, opening="1000000", inception="2025-01-01")
    add_days(db, name, ("2025-01-02", "11000"), ("2025-01-03", "-500"))
    _withdrawal(db, name, "2025-01-08", "50000")

    figures = headline(equity_history(db, name), today=day("2025-01-08"))

    assert figures.current_equity == D("960500.00")
    assert figures.last_day == day("2025-01-08")
    assert figures.last_snapshot == day("2025-01-03")
    assert figures.business_days_since_snapshot == 3
    assert figures.day_pnl == D("-500.00")


def test_month_and_year_to_date_returns_leave_flows_out(db):
    """Opening 1,000,000 on 2024-12-02; +100,000 on 31 December 2024 (+10 %).

    2025: +11,000 on 2 January (1 % of 1,100,000), 500,000 deposited on 3 February,
    +16,110 on 3 February (1 % of 1,611,000, deposits counting from the start of the day).
    MTD (February) = 1 %; YTD = 1.01 x 1.01 - 1 = 2.01 %: the deposit moves neither.
    """
    name = new_portfolio(db, opening="1000000", inception="2024-12-02")
    add_days(db, name, ("2024-12-31", "100000"), ("2025-01-02", "11000"))
    record_cash_flow(db, FlowRequest(name, day("2025-02-03"), "deposit", D("500000")))
    add_days(db, name, ("2025-02-03", "16110"))

    figures = headline(equity_history(db, name), today=day("2025-02-03"))

    assert (figures.mtd.start, figures.mtd.end) == (day("2025-02-01"), day("2025-02-03"))
    assert figures.mtd.twr == pytest.approx(0.01, abs=1e-12)
    assert figures.ytd.start == day("2025-01-01")
    assert figures.ytd.twr == pytest.approx(0.0201, abs=1e-12)


def test_the_metric_row_shows_the_days_pnl_returns_and_the_real_snapshot(empty_url, open_app):
    """The same withdrawal-after-the-last-day fund, on the dashboard."""
    db = open_database(empty_url)
    ensure_schema(db)
    create_portfolio(db, NewPortfolio("Hand Fund", D("1000000"), day("2025-01-01")))
    upsert_snapshots(
        db,
        "Hand Fund",
        [SnapshotInput(day("2025-01-02"), D("11000")), SnapshotInput(day("2025-01-03"), D("-500"))],
        "batch",
    )
    _withdrawal(db, "Hand Fund", "2025-01-08", "50000")
    db.dispose()

    at = open_app()

    assert_no_exception(at)
    metrics = {metric.label: metric for metric in at.metric}
    assert metrics["Current equity"].value == "$960,500.00"
    assert metrics["Current equity"].delta == "-$500.00 P&L on 2025-01-03"
    assert metrics["Last snapshot"].value == "2025-01-03"
    # 1,011,000 then 1,010,500: -500 / 1,011,000 after +1.1 %; both in January.
    assert metrics["MTD return"].value == "1.05 %"
    assert metrics["YTD return"].value == "1.05 %"
    assert metrics["Current equity"].proto.direction == Metric.MetricDirection.DOWN
    for label in ("Cumulative P&L", "Last snapshot", "Time-weighted return"):
        assert metrics[label].proto.direction == Metric.MetricDirection.NONE, label  # no arrow
    # Today (the real clock) is long after 3 January: stale, dated by the real snapshot.
    [warning] = texts(at, "warning")
    assert warning.startswith("The latest snapshot is from 2025-01-03")
