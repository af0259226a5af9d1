"""Issue 13: a file whose header is not ours is imported after a mapping step.

A bank's export says ``As of``, ``Daily P&L`` and ``NAV``. The page shows one choice per
field, filled in from the spellings the engine recognises; the check and the import then
use exactly the mapping the user saw for that file.
"""

from __future__ import annotations

from equity.reads.history import equity_history
from equity.services.cash_flows import list_cash_flows
from equity.storage.database import open_database
from equity_app.components.column_mapper import NOT_IN_FILE
from tests.app.import_support import (
    NAME,
    PAGE,
    import_buttons,
    mapping_boxes,
    new_portfolio,
    upload,
)
from tests.app.screen import assert_no_exception, texts

BANK_EXPORT = "As of,Daily P&L,NAV\n2025-01-02,1500.00,1001500.00\n2025-01-03,-250.50,1001249.50\n"


def history(url: str) -> list[tuple[str, str, str, str]]:
    frame = equity_history(open_database(url), NAME).frame
    return [
        (str(r.date), str(r.daily_pnl), str(r.total_value), str(r.equity_balance))
        for r in frame.itertuples()
    ]


def test_a_bank_export_is_mapped_from_its_spellings_and_imported(empty_url, open_app):
    new_portfolio(empty_url)
    at = upload(open_app(PAGE), "snapshots_upload", BANK_EXPORT)
    assert_no_exception(at)
    boxes = mapping_boxes(at, "snapshots_upload")
    assert {field: box.value for field, box in boxes.items()} == {
        "snapshot_date": "As of",
        "daily_pnl": "Daily P&L",
        "total_value": "NAV",
    }
    assert texts(at, "error") == []
    [button] = import_buttons(at, "snapshots_import")
    assert button.label == f"Import 2 new and 0 replaced days into {NAME}"
    button.click().run()
    assert_no_exception(at)
    assert history(empty_url) == [
        ("2025-01-02", "1500.00", "1001500.00", "1001500.00"),
        ("2025-01-03", "-250.50", "1001249.50", "1001249.50"),
    ]


def test_unknown_columns_wait_for_the_user_and_the_import_uses_their_choice(empty_url, open_app):
    new_portfolio(empty_url)
    own_words = "Day,Result,Gross\n2025-01-02,10.00,12.00\n2025-01-03,20.00,25.00\n"
    at = upload(open_app(PAGE), "snapshots_upload", own_words)
    assert_no_exception(at)
    boxes = mapping_boxes(at, "snapshots_upload")
    assert [boxes[f].value for f in ("snapshot_date", "daily_pnl", "total_value")] == [
        None,
        None,
        NOT_IN_FILE,
    ]
    assert "Choose a column for Snapshot date, Daily P&L to check the file." in texts(at, "info")
    assert import_buttons(at, "snapshots_import") == []
    boxes["snapshot_date"].select("Day")
    boxes["daily_pnl"].select("Gross")  # the P&L is the gross column, not "Result"
    at.run()
    mapping_boxes(at, "snapshots_upload")["total_value"].select("Result")
    at.run()
    assert_no_exception(at)
    assert texts(at, "error") == []
    import_buttons(at, "snapshots_import")[0].click().run()
    assert_no_exception(at)
    assert history(empty_url) == [
        ("2025-01-02", "12.00", "10.00", "1000012.00"),
        ("2025-01-03", "25.00", "20.00", "1000037.00"),
    ]


def test_one_column_chosen_for_two_fields_is_said_and_nothing_is_checked(empty_url, open_app):
    new_portfolio(empty_url)
    at = upload(open_app(PAGE), "snapshots_upload", BANK_EXPORT)
    mapping_boxes(at, "snapshots_upload")["total_value"].select("Daily P&L")
    at.run()
    assert_no_exception(at)
    assert texts(at, "warning") == [
        "One column is chosen for Daily P&L and Total value: each field needs its own column."
    ]
    assert import_buttons(at, "snapshots_import") == []


def test_a_ledger_with_subscriptions_and_redemptions_is_mapped_and_recorded(empty_url, open_app):
    new_portfolio(empty_url)
    ledger = (
        "Value date,Type,Amount,Memo\n"
        "2025-01-06,Subscription,5000.00,Q1 call\n"
        "2025-01-07,Redemption,1200.00,\n"
    )
    at = upload(open_app(PAGE), "flows_upload", ledger)
    assert_no_exception(at)
    boxes = mapping_boxes(at, "flows_upload")
    assert {field: box.value for field, box in boxes.items()} == {
        "date": "Value date",
        "kind": "Type",
        "amount": "Amount",
        "notes": "Memo",
    }
    import_buttons(at, "flows_import")[0].click().run()
    assert_no_exception(at)
    flows = list_cash_flows(open_database(empty_url), NAME)
    assert sorted((str(f.flow_date), f.kind, str(f.amount), f.notes) for f in flows) == [
        ("2025-01-06", "deposit", "5000.00", "Q1 call"),
        ("2025-01-07", "withdrawal", "1200.00", None),
    ]


def test_another_file_starts_from_its_own_suggestions(empty_url, open_app):
    new_portfolio(empty_url)
    at = upload(open_app(PAGE), "snapshots_upload", BANK_EXPORT)
    mapping_boxes(at, "snapshots_upload")["total_value"].select(NOT_IN_FILE)
    at.run()
    other = BANK_EXPORT.replace("2025-01-03", "2025-01-06")
    at = upload(at, "snapshots_upload", other, name="other.csv")
    assert_no_exception(at)
    assert mapping_boxes(at, "snapshots_upload")["total_value"].value == "NAV"


def test_a_field_left_out_is_left_out_and_extra_columns_are_ignored(empty_url, open_app):
    new_portfolio(empty_url)
    with_extra = (
        "As of,Daily P&L,NAV,Desk\n"
        "2025-01-02,1500.00,1001500.00,Rates\n"
        "2025-01-03,-250.50,1001249.50,Rates\n"
    )
    at = upload(open_app(PAGE), "snapshots_upload", with_extra)
    mapping_boxes(at, "snapshots_upload")["total_value"].select(NOT_IN_FILE)  # NAV is not wanted
    at.run()
    assert_no_exception(at)
    assert "Columns not chosen above are not imported: NAV, Desk." in texts(at, "caption")
    import_buttons(at, "snapshots_import")[0].click().run()
    assert_no_exception(at)
    # Without NAV the total value is carried from the day before (zero before the first).
    assert [row[1:3] for row in history(empty_url)] == [("1500.00", "0.00"), ("-250.50", "0.00")]
