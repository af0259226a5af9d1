"""Deleting one day's snapshot from the History table (issue 13): select, see, confirm.

Alpha: opening equity 1,000,000.00 on 2025-01-01, P&L +100.00 on 2025-01-02, +200.00 on
2025-01-03 and -50.00 on 2025-01-06, and a deposit of 5,000.00 on 2025-01-03. Equity on
the last day is 1,005,250.00; deleting 2025-01-02 (+100.00) leaves 1,005,150.00 and
recomputes the two days left. The table lists the newest first: 01-06, 01-03, 01-02.
Every scenario runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import pytest

from equity.config import default_actor
from equity.services.audit import audit_trail
from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.services.portfolios import archive_portfolio
from equity.services.snapshots import delete_snapshot
from equity.storage.database import Database
from equity_app.components.history_table import GENERATION, table_key
from tests.app.screen import assert_no_exception, shown, texts
from tests.app.signed_in import app_as, grant, local_app, point_app_at
from tests.support import D, add_days, day, equity_by_date, full_dump, history_rows, new_portfolio

PAGE = "pages/history.py"
ALPHA = "Alpha"


@pytest.fixture
def app_db(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    point_app_at(db, monkeypatch)
    new_portfolio(db, ALPHA, opening="1000000", inception="2025-01-01")
    add_days(db, ALPHA, ("2025-01-02", "100.00"), ("2025-01-03", "200.00"))
    add_days(db, ALPHA, ("2025-01-06", "-50.00"))
    record_cash_flow(db, FlowRequest(ALPHA, day("2025-01-03"), "deposit", D("5000.00"), "Top-up"))
    return db


def grid_key(at) -> str:
    return table_key(at.session_state.get(GENERATION, 0))


def select_row(at, position: int):
    """What a click on a row sends: its position in the table as it was drawn."""
    at.session_state[grid_key(at)] = {"selection": {"rows": [position], "columns": [], "cells": []}}
    return at.run()


def marked_rows(at) -> list[int]:
    key = grid_key(at)
    return at.session_state[key]["selection"]["rows"] if key in at.session_state else []


def confirm_button(at):
    return [b for b in at.button if b.key == "snapshot_delete_confirm"]


def test_selecting_a_day_shows_its_impact_and_confirm_deletes_exactly_it(app_db):
    at = select_row(local_app(PAGE), 2)
    assert_no_exception(at)
    [figures] = [shown(m.value) for m in at.markdown if m.value.startswith("The snapshot of")]
    assert figures == (
        "The snapshot of **2025-01-02** (Daily feed): daily P&L +$100.00, total value $0.00."
    )
    assert [m.value for m in at.metric] == ["$1,005,150.00"]
    assert at.metric[0].delta == "-$100.00 from $1,005,250.00"
    assert (
        "Equity will be recomputed on 2 days from 2025-01-02 on. The deleted figures are "
        "kept in the audit."
    ) in at.caption.values
    assert equity_by_date(app_db, ALPHA)["2025-01-06"] == D("1005250.00")  # nothing yet

    confirm_button(at)[0].click().run()
    assert_no_exception(at)
    assert equity_by_date(app_db, ALPHA) == {
        "2025-01-03": D("1005200.00"),
        "2025-01-06": D("1005150.00"),
    }
    assert texts(at, "success") == [
        "Deleted the snapshot of 2025-01-02. Equity now $1,005,150.00; 2 days recomputed."
    ]
    assert not confirm_button(at)  # the dialog has closed
    assert marked_rows(at) == []
    [entry] = [e for e in audit_trail(app_db, ALPHA) if e.action == "snapshot.delete"]
    assert entry.actor == default_actor()  # by the local operator
    assert '"old_daily_pnl": "100.00"' in entry.details  # the deleted figures are kept
    at.run()  # a refresh repeats nothing
    assert len([e for e in audit_trail(app_db, ALPHA) if e.action == "snapshot.delete"]) == 1
    assert texts(at, "success")[0].startswith("Deleted the snapshot of 2025-01-02.")


def test_a_day_with_a_deposit_says_it_keeps_a_carried_forward_row(app_db):
    at = select_row(local_app(PAGE), 1)
    assert_no_exception(at)
    assert any(t.startswith("This day holds deposits or withdrawals") for t in texts(at, "info"))
    assert "Equity will be recomputed on 2 days from 2025-01-03 on." in " ".join(at.caption.values)
    confirm_button(at)[0].click().run()
    assert_no_exception(at)
    rows = {r[0].isoformat(): r for r in history_rows(app_db, ALPHA)}
    assert rows["2025-01-03"][2] == D("0.00")  # no P&L left on the day
    assert rows["2025-01-03"][-1] == "carry_forward"
    assert equity_by_date(app_db, ALPHA)["2025-01-06"] == D("1005050.00")
    assert texts(at, "success")[0].startswith(
        "Deleted the snapshot of 2025-01-03 (a carried-forward row keeps its flows)."
    )


def test_closing_the_dialog_deletes_nothing_and_unmarks_the_row(app_db):
    before = full_dump(app_db)
    at = select_row(local_app(PAGE), 0)
    assert "No later day needs recomputing." in " ".join(at.caption.values)  # the newest day
    at.button(key="snapshot_delete_cancel").click().run()
    assert_no_exception(at)
    assert not confirm_button(at)
    assert marked_rows(at) == []
    assert full_dump(app_db) == before


def test_a_preview_made_stale_by_another_writer_deletes_nothing(app_db):
    at = select_row(local_app(PAGE), 0)  # 2025-01-06
    delete_snapshot(app_db, ALPHA, day("2025-01-02"))  # a colleague, meanwhile
    before = full_dump(app_db)
    confirm_button(at)[0].click().run()
    assert_no_exception(at)
    assert full_dump(app_db) == before
    assert texts(at, "error") == [
        "The portfolio changed since this preview of 2025-01-06 was made; nothing was "
        "deleted. Select the row again to see the impact now."
    ]


def test_a_viewer_cannot_select_a_day(app_db):
    grant(app_db, "viewer@firm.example", "viewer", [ALPHA])
    at = app_as("viewer@firm.example", PAGE)
    assert_no_exception(at)
    [table] = [d for d in at.dataframe if "Source" in d.value.columns]
    assert not table.proto.selection_mode
    assert not [c for c in at.caption.values if c.startswith("Select a row")]


def test_an_archived_portfolio_offers_no_delete(app_db):
    archive_portfolio(app_db, ALPHA)
    at = local_app(PAGE, portfolio=ALPHA)
    assert_no_exception(at)
    [table] = [d for d in at.dataframe if "Source" in d.value.columns]
    assert not table.proto.selection_mode
