"""The History page: a date range, three charts, the snapshot table and its CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from equity.reads.history import equity_history
from equity.storage.database import open_database
from tests.app.screen import assert_no_exception

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
    assert table["Equity"].iloc[0] == f"${expected['equity_balance'].iloc[-1]:,.2f}"
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
