"""The Data page: create a portfolio, import CSVs all or nothing, export everything."""

from __future__ import annotations

from datetime import date

from equity.reads.history import equity_history
from equity.services.cash_flows import list_cash_flows
from equity.storage.database import open_database
from tests.app.screen import assert_no_exception, texts

PAGE = "pages/data.py"


def create(at, name, opening, currency="USD", inception=date(2025, 1, 2)):
    at.text_input(key="new_name").input(name)
    at.selectbox(key="new_currency").select(currency)
    at.date_input(key="new_inception").set_value(inception)
    at.text_input(key="new_opening").input(opening)
    at.button(key="FormSubmitter:portfolio_form-Create portfolio").click()
    return at.run()


def upload(at, key, content: str):
    at.file_uploader(key=key).set_value(("upload.csv", content.encode(), "text/csv"))
    return at.run()


def test_creating_the_first_portfolio_selects_it(empty_url, open_app):
    at = create(open_app(PAGE), "Kestrel Credit", "2500000.00", currency="GBP")
    assert_no_exception(at)
    assert any("Created Kestrel Credit with £2,500,000.00" in t for t in texts(at, "toast"))
    assert at.sidebar.selectbox(key="portfolio_picker").value == "Kestrel Credit"
    at.switch_page("pages/dashboard.py").run()
    assert at.metric[0].value == "£2,500,000.00"
    assert any("has no snapshots yet" in t for t in texts(at, "info"))


def test_bad_portfolio_fields_are_refused_in_words(demo_url, open_app):
    at = create(open_app(PAGE), "Atlas Global Macro", "1000")
    assert texts(at, "error") == ["Name: a portfolio named 'Atlas Global Macro' already exists"]
    at = create(at, "New Fund", "1000.001")
    assert texts(at, "error") == ["Opening equity: '1000.001' has more than 2 decimal places"]


SNAPSHOTS = (
    "snapshot_date,daily_pnl,total_value\n2025-01-02,1500.00,\n2025-01-03,-250.50,1001249.50\n"
)


def test_a_snapshot_file_is_previewed_then_imported_in_one_go(empty_url, open_app):
    at = create(open_app(PAGE), "Kestrel Credit", "1000000")
    at = upload(at, "snapshots_upload", SNAPSHOTS)
    assert_no_exception(at)
    assert any("**2 rows** ready" in m.value for m in at.markdown)
    assert not equity_history(open_database(empty_url), "Kestrel Credit").frame.shape[0]
    at.button(key="snapshots_import").click().run()
    assert_no_exception(at)
    [done] = texts(at, "success")
    assert "Imported 2 new and 0 replaced snapshots" in done
    assert "Equity now $1,001,249.50" in done
    assert not [b for b in at.button if b.key == "snapshots_import"]  # imported: no 2nd import


def test_a_bad_file_lists_every_bad_row_and_imports_nothing(empty_url, open_app):
    at = create(open_app(PAGE), "Kestrel Credit", "1000000")
    bad = "snapshot_date,daily_pnl\n2025-01-02,12.345\n2025-13-01,5\n2025-01-06,abc\n"
    at = upload(at, "snapshots_upload", bad)
    assert_no_exception(at)
    assert any("the file has 3 problems" in t for t in texts(at, "error"))
    [table] = [d.value for d in at.dataframe if "Problem" in d.value.columns]
    assert list(table["Row"]) == [2, 3, 4]
    assert list(table["Column"]) == ["daily_pnl", "snapshot_date", "daily_pnl"]
    assert list(table["Value"]) == ["12.345", "2025-13-01", "abc"]
    assert table["Problem"][0] == "'12.345' has more than 2 decimal places"
    assert not [b for b in at.button if b.key == "snapshots_import"]


def test_a_cash_flow_file_is_recorded_all_at_once(demo_url, open_app):
    db = open_database(demo_url)
    before = len(list_cash_flows(db, "Atlas Global Macro"))
    flows = (
        "date,kind,amount,notes\n"
        "2025-03-03,deposit,1000.00,=HYPERLINK()\n"
        "2025-03-04,withdrawal,250.00,\n"
    )
    at = upload(open_app(PAGE), "flows_upload", flows)
    assert_no_exception(at)
    import_button = at.button(key="flows_import")
    import_button.click().run()
    assert_no_exception(at)
    assert any("Recorded 2 flows" in t for t in texts(at, "success"))
    # The second click of a double click (from the screen drawn before) imports nothing.
    import_button.click().run()
    assert_no_exception(at)
    assert len(list_cash_flows(db, "Atlas Global Macro")) == before + 2


def test_a_cash_flow_file_that_would_make_equity_negative_records_nothing(demo_url, open_app):
    db = open_database(demo_url)
    before = len(list_cash_flows(db, "Atlas Global Macro"))
    flows = "date,kind,amount\n2025-03-03,deposit,1000.00\n2025-03-04,withdrawal,99999999999.00\n"
    at = upload(open_app(PAGE), "flows_upload", flows)
    at.button(key="flows_import").click().run()
    assert_no_exception(at)
    assert any("would make equity negative" in t for t in texts(at, "error"))
    assert len(list_cash_flows(db, "Atlas Global Macro")) == before


def test_export_offers_the_history_and_the_ledger(demo_url, open_app):
    at = open_app(PAGE)
    labels = [b.label for b in at.get("download_button") if b.key.startswith("export_")]
    assert labels == ["History CSV", "Ledger CSV"]
