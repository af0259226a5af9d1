"""A benchmark file with a vendor's header goes through the snapshot upload's steps.

``Date,Close Price`` or ``As of,Index``, perhaps with a decimal comma: the page maps the
columns (known spellings filled in), reads the separator it is told, lists every bad cell
(row, the file's column, value) before the Import button, and imports once.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from equity.storage.database import Database
from equity.storage.models import BenchmarkPrice
from tests.app.import_support import import_buttons, mapping_boxes, table_with, upload
from tests.app.screen import assert_no_exception, texts
from tests.app.signed_in import local_app, point_app_at
from tests.support import new_portfolio

DATA = "pages/data.py"


@pytest.fixture
def app_db(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    point_app_at(db, monkeypatch)
    new_portfolio(db, "Alpha")
    return db


def closes(db: Database) -> list[tuple[date, Decimal]]:
    with db.read() as session:
        rows = session.execute(
            select(BenchmarkPrice.price_date, BenchmarkPrice.close).order_by(
                BenchmarkPrice.price_date
            )
        ).all()
    return [(d, c.normalize()) for d, c in rows]


def stored_count(db: Database) -> int:
    with db.read() as session:
        return session.execute(select(func.count()).select_from(BenchmarkPrice)).scalar_one()


def test_a_close_price_file_with_a_decimal_comma_is_mapped_and_imported_once(app_db):
    at = local_app(DATA, portfolio="Alpha")
    at.text_input(key="benchmark_name").input("Stoxx 600")
    at.radio(key="benchmark_upload_decimal").set_value("comma (1.234,56)").run()
    vendor = 'Date;Close Price;Volume\n2025-01-02;"4.012,50";100\n2025-01-03;4.020,25;90\n'
    at = upload(at, "benchmark_upload", vendor)
    assert_no_exception(at)
    boxes = mapping_boxes(at, "benchmark_upload")
    assert boxes["date"].value == "Date"
    assert boxes["close"].value is None  # "Close Price" is not a spelling the engine knows
    assert import_buttons(at, "benchmark_import") == []
    boxes["close"].select("Close Price")
    at.run()
    assert_no_exception(at)
    assert texts(at, "error") == []
    assert list(table_with(at, "Close")["Close"]) == ["4,012.50", "4,020.25"]
    [button] = import_buttons(at, "benchmark_import")
    assert button.label == "Import 2 closes as Stoxx 600"
    button.click().run()
    assert_no_exception(at)
    assert closes(app_db) == [
        (date(2025, 1, 2), Decimal("4012.5")),
        (date(2025, 1, 3), Decimal("4020.25")),
    ]
    assert import_buttons(at, "benchmark_import") == []  # the same file: no second button
    assert any("Imported 2 closes into Stoxx 600" in t for t in texts(at, "success"))


def test_an_as_of_index_file_is_mapped_from_its_known_spelling(app_db):
    at = local_app(DATA, portfolio="Alpha")
    at.text_input(key="benchmark_name").input("House Index")
    at = upload(at, "benchmark_upload", "As of,Price\n2025-01-02,101.5\n")
    assert_no_exception(at)
    boxes = mapping_boxes(at, "benchmark_upload")
    assert {field: box.value for field, box in boxes.items()} == {"date": "As of", "close": "Price"}
    import_buttons(at, "benchmark_import")[0].click().run()
    assert closes(app_db) == [(date(2025, 1, 2), Decimal("101.5"))]


def test_every_bad_cell_is_listed_before_any_import_button(app_db):
    bad = (
        "As of,Index\n"
        "2025-01-02,100\n"
        "2025-01-03,-5\n"
        "yesterday,abc\n"
        "2025-01-02,101\n"
        "2025-01-07,1.1234567\n"
    )
    at = local_app(DATA, portfolio="Alpha")
    at.text_input(key="benchmark_name").input("Broken")
    at = upload(at, "benchmark_upload", bad)
    mapping_boxes(at, "benchmark_upload")["close"].select("Index")
    at.run()
    assert_no_exception(at)
    [summary] = texts(at, "error")
    assert "the file has 5 problems" in summary
    table = table_with(at, "Problem")
    assert list(table["Row"]) == [3, 4, 4, 5, 6]
    assert list(table["Column"]) == ["Index", "As of", "Index", "As of", "Index"]
    assert list(table["Value"]) == ["-5", "yesterday", "abc", "2025-01-02", "1.1234567"]
    assert "appears twice (rows 2 and 5)" in table["Problem"][3]
    assert import_buttons(at, "benchmark_import") == []
    assert stored_count(app_db) == 0
