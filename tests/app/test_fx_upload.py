"""FX rates are uploaded on the Data page by an administrator, like the other files.

A vendor's file says ``Value date,Ccy,Mid`` and may write ``1,0850``: the page maps its
columns, reads the separator it is told, lists every bad cell before any Import button,
says which stored rates the file replaces, and imports once however often it is clicked.
Managers and viewers are not offered the upload (the service refuses them anyway).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from equity.services.fx import import_fx_rates
from equity.storage.database import Database
from equity.storage.models import AuditEntry, FxRate
from tests.app.import_support import import_buttons, mapping_boxes, table_with, upload
from tests.app.screen import assert_no_exception, texts
from tests.app.signed_in import app_as, grant, local_app, point_app_at
from tests.support import new_portfolio

DATA = "pages/data.py"
VENDOR = "Value date;Ccy;Mid\n2025-01-02;EUR;1,0850\n2025-01-03;EUR;1,0900\n2025-01-03;GBP;1,2500\n"


@pytest.fixture
def app_db(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    point_app_at(db, monkeypatch)
    new_portfolio(db, "Alpha")
    return db


def stored(db: Database) -> list[tuple[date, str, Decimal]]:
    with db.read() as session:
        rows = session.execute(
            select(FxRate.rate_date, FxRate.currency, FxRate.rate).order_by(
                FxRate.rate_date, FxRate.currency
            )
        ).all()
    return [(d, c, r.normalize()) for d, c, r in rows]


def fx_audits(db: Database) -> int:
    with db.read() as session:
        return session.execute(
            select(func.count()).where(AuditEntry.action == "fx.import")
        ).scalar_one()


def comma_separator(at):
    [radio] = [r for r in at.radio if r.key == "fx_upload_decimal"]
    return radio


def test_a_vendor_file_is_mapped_read_with_a_comma_and_imported_once(app_db):
    at = local_app(DATA, portfolio="Alpha")
    comma_separator(at).set_value("comma (1.234,56)").run()
    at = upload(at, "fx_upload", VENDOR)
    assert_no_exception(at)
    boxes = mapping_boxes(at, "fx_upload")
    assert {field: box.value for field, box in boxes.items()} == {
        "date": "Value date",
        "currency": None,
        "rate": None,
    }
    assert import_buttons(at, "fx_import") == []
    boxes["currency"].select("Ccy")
    at.run()
    mapping_boxes(at, "fx_upload")["rate"].select("Mid")
    at.run()
    assert_no_exception(at)
    assert texts(at, "error") == []
    preview = table_with(at, "Rate")
    assert list(preview["Rate"]) == ["1.085", "1.09", "1.25"]
    [button] = import_buttons(at, "fx_import")
    assert button.label == "Import 3 new and 0 replaced rates"
    button.click().run()
    assert_no_exception(at)
    assert stored(app_db) == [
        (date(2025, 1, 2), "EUR", Decimal("1.085")),
        (date(2025, 1, 3), "EUR", Decimal("1.09")),
        (date(2025, 1, 3), "GBP", Decimal("1.25")),
    ]
    # The page reran after the import: no button for the same file, and another run
    # (a double click's second event) writes nothing again.
    assert import_buttons(at, "fx_import") == []
    assert any("Imported 3 rates in USD for EUR, GBP" in t for t in texts(at, "success"))
    at.run()
    assert fx_audits(app_db) == 1


def test_every_bad_cell_is_listed_before_any_import_button(app_db):
    bad = (
        "date,currency,rate\n"
        "2025-01-02,EUR,abc\n"
        "2025-13-01,EUR,1.1\n"
        "2025-01-03,EURO,1.1\n"
        "2025-01-06,USD,1.2\n"
        "2025-01-07,GBP,1.25\n"
        "2025-01-07,GBP,1.26\n"
    )
    at = upload(local_app(DATA, portfolio="Alpha"), "fx_upload", bad)
    assert_no_exception(at)
    [summary] = texts(at, "error")
    assert "the file has 5 problems" in summary
    table = table_with(at, "Problem")
    assert list(table["Row"]) == [2, 3, 4, 5, 7]
    assert list(table["Column"]) == ["rate", "date", "currency", "rate", "date"]
    assert list(table["Value"]) == ["abc", "2025-13-01", "EURO", "1.2", "2025-01-07"]
    assert "base currency" in table["Problem"][3]
    assert "appears twice (rows 6 and 7)" in table["Problem"][4]
    assert import_buttons(at, "fx_import") == []
    assert stored(app_db) == []


def test_the_rates_a_file_replaces_are_shown_old_to_new_before_import(app_db):
    import_fx_rates(app_db, "date,currency,rate\n2025-01-02,EUR,1.08\n2025-01-03,EUR,1.09\n")
    again = "date,currency,rate\n2025-01-02,EUR,1.07\n2025-01-03,EUR,1.09\n2025-01-06,EUR,1.1\n"
    at = upload(local_app(DATA, portfolio="Alpha"), "fx_upload", again)
    assert_no_exception(at)
    assert texts(at, "warning") == [
        "This file replaces 2 stored rates on 2 dates already imported (1 with another value)."
    ]
    replaced = table_with(at, "Stored rate")
    assert replaced.to_dict("records") == [
        {"Date": "2025-01-02", "Currency": "EUR", "Stored rate": "1.08", "New rate": "1.07"},
        {"Date": "2025-01-03", "Currency": "EUR", "Stored rate": "1.09", "New rate": "1.09"},
    ]
    [button] = import_buttons(at, "fx_import")
    assert button.label == "Import 1 new and 2 replaced rates"
    button.click().run()
    assert stored(app_db)[0] == (date(2025, 1, 2), "EUR", Decimal("1.07"))


def test_a_file_already_stored_as_it_is_offers_no_import_after_a_refresh(app_db):
    rates = "date,currency,rate\n2025-01-02,EUR,1.08\n"
    import_fx_rates(app_db, rates)
    at = upload(local_app(DATA, portfolio="Alpha"), "fx_upload", rates)  # a new session
    assert_no_exception(at)
    assert any("already stored as it is" in t for t in texts(at, "info"))
    assert import_buttons(at, "fx_import") == []
    assert fx_audits(app_db) == 1


@pytest.mark.parametrize("role", ["manager", "viewer"])
def test_only_an_administrator_is_offered_the_fx_upload(app_db, role):
    grant(app_db, "ann@example.com", role, ["Alpha"])
    at = app_as("ann@example.com", DATA)
    assert_no_exception(at)
    assert "fx_upload" not in [u.key for u in at.file_uploader]
    grant(app_db, "boss@example.com", "admin")
    assert "fx_upload" in [u.key for u in app_as("boss@example.com", DATA).file_uploader]
