"""Snapshots CSV on the Data page: the days an import replaces are shown, old -> new, first.

Issue 9 item 9 (app part): re-importing stored days replaced their P&L while the page said
only "3 rows ready"; the old values were gone without the user having seen them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from equity.reads.history import equity_history
from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.services.portfolios import NewPortfolio, create_portfolio
from equity.services.snapshots import SnapshotInput, upsert_snapshots
from equity.storage.database import open_database
from equity.storage.migrate import ensure_schema
from tests.app.screen import assert_no_exception, shown, texts

PAGE = "pages/data.py"
NAME = "Kestrel Credit"
#: Friday is re-stated, Saturday's carry-forward day gets real figures, Monday is new.
RESTATED = (
    "snapshot_date,daily_pnl,total_value\n"
    "2025-01-03,-300.00,1001200.00\n"
    "2025-01-04,125.00,1011325.00\n"
    "2025-01-06,200.00,1011525.00\n"
)


def a_week_with_a_weekend_deposit(url: str) -> None:
    """Thursday and Friday from the batch, then a deposit on Saturday (a carry-forward day)."""
    db = open_database(url)
    ensure_schema(db)
    create_portfolio(db, NewPortfolio(NAME, Decimal("1000000"), date(2025, 1, 2)))
    days = [
        SnapshotInput(date(2025, 1, 2), Decimal("1500.00"), Decimal("1001500.00")),
        SnapshotInput(date(2025, 1, 3), Decimal("-250.50"), Decimal("1001249.50")),
    ]
    upsert_snapshots(db, NAME, days, "batch")
    record_cash_flow(db, FlowRequest(NAME, date(2025, 1, 4), "deposit", Decimal("10000")))
    db.dispose()


def upload(at, content: str):
    at.file_uploader(key="snapshots_upload").set_value(
        ("restated.csv", content.encode(), "text/csv")
    )
    return at.run()


def replaced_table(at):
    return [d.value for d in at.dataframe if "Replaces" in d.value.columns]


def test_a_reimport_lists_each_replaced_day_old_to_new_before_the_button(empty_url, open_app):
    a_week_with_a_weekend_deposit(empty_url)
    at = upload(open_app(PAGE), RESTATED)
    assert_no_exception(at)
    [table] = replaced_table(at)
    assert table.to_dict("records") == [
        {
            "Date": "2025-01-03",
            "Daily P&L": "-$250.50 → -$300.00",
            "Total value": "$1,001,249.50 → $1,001,200.00",
            "Replaces": "batch snapshot",
        },
        {
            "Date": "2025-01-04",
            "Daily P&L": "+$0.00 → +$125.00",
            "Total value": "$1,001,249.50 → $1,011,325.00",
            "Replaces": "filled carry-forward day",
        },
    ]
    assert [shown(b.label) for b in at.button if b.key == "snapshots_import"] == [
        "Import 1 new and 2 replaced days into Kestrel Credit"
    ]
    # Nothing is written until the button is pressed.
    history = equity_history(open_database(empty_url), NAME).frame
    assert [str(v) for v in history["daily_pnl"]] == ["1500.00", "-250.50", "0.00"]


def test_after_the_import_the_replaced_days_are_not_offered_again(empty_url, open_app):
    a_week_with_a_weekend_deposit(empty_url)
    at = upload(open_app(PAGE), RESTATED)
    at.button(key="snapshots_import").click().run()
    assert_no_exception(at)
    [done] = texts(at, "success")
    assert done.startswith("Imported 1 new and 2 replaced snapshots into Kestrel Credit;")
    assert replaced_table(at) == []
    assert not [b for b in at.button if b.key == "snapshots_import"]
    history = equity_history(open_database(empty_url), NAME).frame
    assert [str(v) for v in history["daily_pnl"]] == ["1500.00", "-300.00", "125.00", "200.00"]


def test_a_file_of_new_days_replaces_nothing_and_says_so(empty_url, open_app):
    a_week_with_a_weekend_deposit(empty_url)
    at = upload(open_app(PAGE), "snapshot_date,daily_pnl\n2025-01-06,200.00\n2025-01-07,-50.00\n")
    assert_no_exception(at)
    assert replaced_table(at) == []
    assert [shown(b.label) for b in at.button if b.key == "snapshots_import"] == [
        "Import 2 new and 0 replaced days into Kestrel Credit"
    ]


def test_a_day_before_inception_is_refused_in_words_before_any_button(empty_url, open_app):
    a_week_with_a_weekend_deposit(empty_url)
    at = upload(open_app(PAGE), "snapshot_date,daily_pnl\n2024-12-31,5.00\n2025-01-06,1.00\n")
    assert_no_exception(at)
    [error] = texts(at, "error")
    assert error.startswith("Nothing can be imported yet: the file has 1 problem.")
    [table] = [d.value for d in at.dataframe if "Problem" in d.value.columns]
    assert table.to_dict("records") == [
        {
            "Row": 2,
            "Column": "snapshot_date",
            "Value": "2024-12-31",
            "Problem": "2024-12-31 is before the inception date 2025-01-02",
        }
    ]
    assert not [b for b in at.button if b.key == "snapshots_import"]
