"""Issue 13: every export of the Data page imports back unchanged, on SQLite and PostgreSQL.

A portfolio with a weekend deposit (a carried-forward day), a voided withdrawal and notes a
spreadsheet would run is exported as the page offers it (history and ledger CSV), then
uploaded on the same page into a new, empty portfolio: the history and the live ledger
come back identical, the voided flow is skipped with a count, and no mapping step is asked
for our own files.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from equity.reads.history import equity_history
from equity.services.cash_flows import (
    FlowRequest,
    list_cash_flows,
    record_cash_flow,
    void_cash_flow,
)
from equity.services.portfolios import NewPortfolio, create_portfolio
from equity.services.snapshots import SnapshotInput, upsert_snapshots
from equity.services.views import HISTORY_COLUMNS
from equity.storage.database import open_database
from equity.storage.migrate import ensure_schema
from equity_app.csv_export import history_csv, ledger_csv
from tests.app.import_support import PAGE, import_buttons, mapping_boxes, upload
from tests.app.screen import assert_no_exception, texts
from tests.conftest import fresh_pg_database

SOURCE, COPY = "Harbor Long/Short", "Harbor Restored"
INCEPTION = date(2025, 1, 2)
#: Notes a spreadsheet would run, or that start with the export's own escape character.
NOTES = ('=HYPERLINK("http://x")', "'quoted", "-1 fee", "plain")


@pytest.fixture(params=["sqlite", "postgresql"])
def app_database(request, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An empty, migrated database on each backend, with the app pointed at it."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'round-trip.db'}"
        monkeypatch.setenv("EQUITY_DATABASE_URL", url)
        yield url
        return
    with fresh_pg_database("equity_app_round_trip") as url:
        monkeypatch.setenv("EQUITY_DATABASE_URL", url)
        yield url


def a_portfolio_with_a_life(url: str) -> None:
    """Four business days, a Saturday deposit, a voided withdrawal, awkward notes."""
    db = open_database(url)
    ensure_schema(db)
    for name in (SOURCE, COPY):
        create_portfolio(db, NewPortfolio(name, Decimal("1000000"), INCEPTION))
    days = [
        SnapshotInput(date(2025, 1, 2), Decimal("1500.00"), Decimal("1001500.00")),
        SnapshotInput(date(2025, 1, 3), Decimal("-250.50"), Decimal("1001249.50")),
        SnapshotInput(date(2025, 1, 6), Decimal("820.25"), None),
        SnapshotInput(date(2025, 1, 7), Decimal("-90.00"), Decimal("1012069.75")),
    ]
    upsert_snapshots(db, SOURCE, days, "batch")
    flows = [
        (date(2025, 1, 4), "deposit", "10000.00", NOTES[0]),
        (date(2025, 1, 6), "withdrawal", "2500.00", NOTES[1]),
        (date(2025, 1, 7), "deposit", "300.00", NOTES[2]),
        (date(2025, 1, 7), "deposit", "300.00", NOTES[3]),
    ]
    for day, kind, amount, notes in flows:
        record_cash_flow(db, FlowRequest(SOURCE, day, kind, Decimal(amount), notes))
    mistake = record_cash_flow(
        db, FlowRequest(SOURCE, date(2025, 1, 3), "withdrawal", Decimal("777.00"), "typo")
    )
    void_cash_flow(db, mistake.flow_id, "wrong amount")
    db.dispose()


def history_rows(url: str, name: str) -> list[dict]:
    frame = equity_history(open_database(url), name).frame
    return frame[HISTORY_COLUMNS].to_dict("records")


def live_ledger(url: str, name: str) -> list[tuple]:
    flows = list_cash_flows(open_database(url), name)
    return sorted((f.flow_date, f.kind, f.amount, f.notes) for f in flows if not f.voided)


def test_the_history_and_ledger_exports_import_back_into_an_empty_portfolio(app_database, open_app):
    a_portfolio_with_a_life(app_database)
    db = open_database(app_database)
    history_file = history_csv(equity_history(db, SOURCE).frame)
    ledger_file = ledger_csv(list_cash_flows(db, SOURCE))
    db.dispose()

    at = open_app(PAGE, portfolio=COPY)
    at = upload(at, "snapshots_upload", history_file, name="history.csv")
    assert_no_exception(at)
    assert mapping_boxes(at, "snapshots_upload") == {}  # our own file: no mapping step
    assert "1 carried-forward day is skipped (the flows re-create them)." in texts(at, "info")
    import_buttons(at, "snapshots_import")[0].click().run()
    at = upload(at, "flows_upload", ledger_file, name="ledger.csv")
    assert_no_exception(at)
    assert mapping_boxes(at, "flows_upload") == {}
    assert "1 voided flow in the file is skipped (not imported)." in texts(at, "info")
    import_buttons(at, "flows_import")[0].click().run()
    assert_no_exception(at)
    assert texts(at, "error") == []

    assert live_ledger(app_database, COPY) == live_ledger(app_database, SOURCE)
    assert sorted(notes for *_, notes in live_ledger(app_database, COPY)) == sorted(NOTES)
    restored, original = history_rows(app_database, COPY), history_rows(app_database, SOURCE)
    # Imported days say they were imported; everything else is the same, to the cent.
    assert [row.pop("source") for row in restored] == [
        "import" if source == "batch" else source for source in (r["source"] for r in original)
    ]
    for row in original:
        row.pop("source")
    assert restored == original
    # 1,000,000 opening + 1,979.75 of P&L + 8,100 of live flows (the voided 777 is not one).
    assert original[-1]["equity_balance"] == Decimal("1010079.75")
