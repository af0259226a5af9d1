"""Issue 13: the preview finds everything, before the Import button is offered.

The old preview said "7 rows ready" and then failed on one row per click. Now a file with
every class of error at once lists all of them in one table (row, column, value, problem)
and offers no button; warnings (a weekend day, business days without a row) are said
with the button still there; voided flows of a ledger file are skipped with a count.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from equity.reads.history import equity_history
from equity.services.cash_flows import list_cash_flows
from equity.storage.database import open_database
from equity_app.components import csv_import
from tests.app.import_support import NAME, PAGE, import_buttons, new_portfolio, table_with, upload
from tests.app.screen import assert_no_exception, texts

#: One good row, then one row for each thing that can be wrong with a snapshot file.
EVERY_SNAPSHOT_ERROR = (
    "snapshot_date,daily_pnl,total_value\n"
    "2025-01-06,100.00,1000100.00\n"  # 2: fine
    "2025-13-01,5.00,\n"  # 3: not a date
    "2025-01-07,abc,\n"  # 4: not a number
    "2025-01-06,7.00,\n"  # 5: the same day twice
    "2024-12-31,1.00,\n"  # 6: before inception
    "2099-01-02,1.00,\n"  # 7: in the future
    "2025-01-08,12.345,\n"  # 8: sub-cent
    "2025-01-09,1.00\n"  # 9: a value missing
    "2025-01-10,1.00,=1+1\n"  # 10: a formula, not an amount
)


def test_a_snapshot_file_with_every_error_lists_them_all_and_offers_no_import(empty_url, open_app):
    new_portfolio(empty_url)
    at = upload(open_app(PAGE), "snapshots_upload", EVERY_SNAPSHOT_ERROR)
    assert_no_exception(at)
    assert texts(at, "error") == [
        "Nothing can be imported yet: the file has 8 problems. Fix them, then upload the "
        "file again."
    ]
    table = table_with(at, "Problem")
    assert [tuple(r) for r in table[["Row", "Column", "Value"]].itertuples(index=False)] == [
        (3, "snapshot_date", "2025-13-01"),
        (4, "daily_pnl", "abc"),
        (5, "snapshot_date", "2025-01-06"),
        (6, "snapshot_date", "2024-12-31"),
        (7, "snapshot_date", "2099-01-02"),
        (8, "daily_pnl", "12.345"),
        (9, "columns", ""),
        (10, "total_value", "=1+1"),
    ]
    problems = dict(zip(table["Row"], table["Problem"], strict=True))
    assert problems[5] == "2025-01-06 appears twice (rows 2 and 5)"
    assert problems[6] == "2024-12-31 is before the inception date 2025-01-02"
    assert problems[7].startswith("2099-01-02 is in the future (today is ")
    assert problems[8] == "'12.345' has more than 2 decimal places"
    assert problems[9] == "has 2 values, expected 3"
    assert problems[10] == "'=1+1' is not a number"
    assert import_buttons(at, "snapshots_import") == []
    assert equity_history(open_database(empty_url), NAME).frame.empty


EVERY_FLOW_ERROR = (
    "date,kind,amount,notes\n"
    "2025-01-06,deposit,100.00,first\n"  # 2: fine
    "2025-01-07,gift,5.00,\n"  # 3: no such type
    "2025-01-06,deposit,100.00,first\n"  # 4: row 2 again
    "2024-12-31,withdrawal,1.00,\n"  # 5: before inception
    "2025-01-08,Subscription,-5,\n"  # 6: not above zero
    "2099-01-01,deposit,5,\n"  # 7: in the future
)


def test_a_flow_file_with_every_error_lists_them_all_and_offers_no_import(empty_url, open_app):
    new_portfolio(empty_url)
    at = upload(open_app(PAGE), "flows_upload", EVERY_FLOW_ERROR)
    assert_no_exception(at)
    table = table_with(at, "Problem")
    assert table[["Row", "Column", "Value"]].to_dict("records") == [
        {"Row": 3, "Column": "kind", "Value": "gift"},
        {"Row": 4, "Column": "date", "Value": "2025-01-06"},
        {"Row": 5, "Column": "date", "Value": "2024-12-31"},
        {"Row": 6, "Column": "amount", "Value": "-5"},
        {"Row": 7, "Column": "date", "Value": "2099-01-01"},
    ]
    assert table["Problem"][0].startswith("'gift' is not a flow type")
    assert table["Problem"][1].startswith("repeats row 2 exactly")
    assert import_buttons(at, "flows_import") == []
    assert list_cash_flows(open_database(empty_url), NAME) == []


def test_warnings_are_said_and_the_import_is_still_offered(empty_url, open_app):
    new_portfolio(empty_url)
    weekend_and_gaps = "snapshot_date,daily_pnl\n2025-01-03,1.00\n2025-01-04,2.00\n2025-01-08,3\n"
    at = upload(open_app(PAGE), "snapshots_upload", weekend_and_gaps)
    assert_no_exception(at)
    assert texts(at, "error") == []
    assert texts(at, "warning")[0] == (
        "2 warnings to look at before importing; they do not stop the import."
    )
    warnings = table_with(at, "Warning")
    assert list(warnings["Warning"]) == [
        "2025-01-04 is a Saturday",
        "2 business day(s) (Mon-Fri, NYSE holidays skipped) between the first and last day "
        "have no row: 2025-01-06, 2025-01-07",
    ]
    [button] = import_buttons(at, "snapshots_import")
    button.click().run()
    assert_no_exception(at)
    assert len(equity_history(open_database(empty_url), NAME).frame) == 3


def test_voided_flows_of_a_ledger_file_are_skipped_with_a_count(empty_url, open_app):
    new_portfolio(empty_url)
    ledger = (
        "id,date,kind,amount,notes,created_by,created_at,voided_at,voided_by,void_reason\n"
        "a1,2025-01-06,deposit,500.00,live,ops,2025-01-06T10:00:00+00:00,,,\n"
        "a2,2025-01-07,withdrawal,90.00,typo,ops,2025-01-07T10:00:00+00:00,"
        "2025-01-07T11:00:00+00:00,ops,wrong amount\n"
    )
    at = upload(open_app(PAGE), "flows_upload", ledger)
    assert_no_exception(at)
    assert "1 voided flow in the file is skipped (not imported)." in texts(at, "info")
    [button] = import_buttons(at, "flows_import")
    assert button.label == f"Import 1 row into {NAME}"
    button.click().run()
    assert_no_exception(at)
    [done] = texts(at, "success")
    assert done.endswith("1 voided flow skipped.")
    [flow] = list_cash_flows(open_database(empty_url), NAME)
    assert (flow.kind, str(flow.amount), flow.notes) == ("deposit", "500.00", "live")


def test_the_check_reports_its_progress_and_leaves_no_bar_behind(empty_url, open_app, monkeypatch):
    new_portfolio(empty_url)
    reported: list[tuple[int, int]] = []
    check = csv_import.SNAPSHOTS.check

    def watched(db, portfolio, raw, options, progress):
        def both(done: int, total: int) -> None:
            reported.append((done, total))
            progress(done, total)  # the page's bar, drawn while the check runs

        return check(db, portfolio, raw, options, both)

    monkeypatch.setattr(csv_import, "SNAPSHOTS", replace(csv_import.SNAPSHOTS, check=watched))
    days = [date(2025, 1, 2) + timedelta(days=n) for n in range(300)]
    rows = "".join(f"{day},1.00\n" for day in days)
    at = upload(open_app(PAGE), "snapshots_upload", "snapshot_date,daily_pnl\n" + rows)
    assert_no_exception(at)
    assert reported[0] == (0, 300) and reported[-1] == (300, 300)
    assert len(reported) == 101  # about a hundred steps, however long the file
    assert at.get("progress") == []  # the bar is gone once the check is done
    assert import_buttons(at, "snapshots_import")
