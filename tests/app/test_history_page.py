"""The History page: a date range, three charts, the snapshot table and its CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from equity.reads.history import equity_history
from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.services.portfolios import NewPortfolio, create_portfolio
from equity.services.snapshots import SnapshotInput, upsert_snapshots
from equity.storage.database import open_database
from equity.storage.migrate import ensure_schema
from tests.app.screen import assert_no_exception
from tests.support import D, day

PAGE = "pages/history.py"


def test_the_range_narrows_the_table_and_the_download(demo_url, open_app):
    frame = equity_history(open_database(demo_url), "Atlas Global Macro").frame
    last = frame["date"].iloc[-1]
    start = last - timedelta(days=30)
    at = open_app(PAGE)
    at.date_input(key="history_range").set_value((start, last)).run()
    assert_no_exception(at)
    expected = frame[frame["date"] >= start]
    [table] = [d.value for d in at.dataframe]
    assert len(table) == len(expected)
    assert table["Date"].iloc[0] == last.isoformat()  # newest first
    assert table["Equity"].iloc[0] == float(expected["equity_balance"].iloc[-1])  # drawn as $
    assert len(at.get("plotly_chart")) == 3


def test_the_page_offers_the_range_as_a_csv_download(demo_url, open_app):
    at = open_app(PAGE)
    [button] = at.get("download_button")
    assert button.label == "Download CSV"
    assert_no_exception(at)


def test_the_history_csv_of_the_whole_range_matches_the_database(demo_url):
    from equity_app.csv_export import history_csv

    frame = equity_history(open_database(demo_url), "Atlas Global Macro").frame
    rows = list(csv.DictReader(io.StringIO(history_csv(frame).decode())))
    assert len(rows) == len(frame)
    assert rows[-1]["equity_balance"] == f"{frame['equity_balance'].iloc[-1]:.2f}"
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)


def seed_hand_fund(url: str) -> None:
    """Hand Fund: opening 1,000,000 on 2025-01-02; +20,000 on Friday 2025-01-03; 5,000.50
    deposited on Saturday (a carried-forward day); -1,234.56 on Monday 2025-01-06."""
    db = open_database(url)
    ensure_schema(db)
    create_portfolio(db, NewPortfolio("Hand Fund", D("1000000"), day("2025-01-02")))
    upsert_snapshots(db, "Hand Fund", [SnapshotInput(day("2025-01-03"), D("20000"))], "batch")
    record_cash_flow(db, FlowRequest("Hand Fund", day("2025-01-04"), "deposit", D("5000.50")))
    upsert_snapshots(db, "Hand Fund", [SnapshotInput(day("2025-01-06"), D("-1234.56"))], "batch")
    db.dispose()


def test_a_small_fund_reads_as_figures_computed_by_hand(empty_url, open_app):
    """Opening 1,000,000; +20,000 on Friday; 5,000.50 deposited on Saturday; -1,234.56 Monday.

    Equity: 1,020,000.00, then 1,025,000.50 (the carry-forward Saturday), then 1,023,765.94.
    """
    seed_hand_fund(empty_url)

    at = open_app(PAGE)

    assert_no_exception(at)
    [table] = [d.value for d in at.dataframe]
    assert list(table["Date"]) == ["2025-01-06", "2025-01-04", "2025-01-03"]
    # Numbers underneath (the grid sorts them as money and draws them as $; see
    # test_money_columns.py), a day without a deposit an empty cell.
    assert list(table["Equity"]) == [1023765.94, 1025000.50, 1020000.00]
    assert list(table["Daily P&L"]) == [-1234.56, 0.0, 20000.0]
    assert list(table["Cumulative P&L"]) == [18765.44, 20000.0, 20000.0]
    assert list(table["Deposits"].fillna(0)) == [0, 5000.50, 0]
    assert table["Deposits"].isna().tolist() == [True, False, True]
    assert list(table["Source"]) == ["Daily feed", "Carried forward", "Daily feed"]
