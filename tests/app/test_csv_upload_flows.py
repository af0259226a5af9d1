"""Flows CSV on the Data page: the repeat warning speaks of the ledger as it was before import.

Issue 9 item 12: after a successful import the page compared the file with the ledger that
now held its rows, and warned that importing would record them again.
"""

from __future__ import annotations

from equity.services.cash_flows import list_cash_flows
from equity.storage.database import open_database
from tests.app.screen import assert_no_exception, texts

PAGE = "pages/data.py"
PORTFOLIO = "Atlas Global Macro"
FLOWS = "date,kind,amount,notes\n2025-03-03,deposit,1000.00,top-up\n2025-03-04,withdrawal,250.00,\n"
REPEAT = "match flows already in the ledger"


def upload(at, content: str, name: str = "flows.csv"):
    at.file_uploader(key="flows_upload").set_value((name, content.encode(), "text/csv"))
    return at.run()


def test_a_new_file_is_imported_without_a_repeat_warning_before_or_after(demo_url, open_app):
    db = open_database(demo_url)
    before = len(list_cash_flows(db, PORTFOLIO))
    at = upload(open_app(PAGE), FLOWS)
    assert_no_exception(at)
    assert not [w for w in texts(at, "warning") if REPEAT in w]
    at.button(key="flows_import").click().run()
    assert_no_exception(at)
    assert len(list_cash_flows(db, PORTFOLIO)) == before + 2
    [done] = texts(at, "success")
    assert done.startswith("Recorded 2 flows into Atlas Global Macro from 2025-03-03;")
    assert [w for w in texts(at, "warning") if REPEAT in w] == []
    at.run()  # any later click: still no warning about the rows this file just recorded
    assert_no_exception(at)
    assert [w for w in texts(at, "warning") if REPEAT in w] == []


def test_the_same_rows_in_another_file_are_flagged_before_they_are_imported(demo_url, open_app):
    at = upload(open_app(PAGE), FLOWS)
    at.button(key="flows_import").click().run()
    again = FLOWS.replace("\n", "\r\n")  # other bytes, the same two flows
    at = upload(at, again, name="flows-again.csv")
    assert_no_exception(at)
    assert [w for w in texts(at, "warning") if REPEAT in w] == [
        "2 of these rows match flows already in the ledger (same date, type, amount and "
        "notes). Importing records them again."
    ]
