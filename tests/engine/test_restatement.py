"""Restatement: a later change that moves an issued statement's figure marks it, in the same
transaction, with the differences; one that undoes it returns it to current. Both backends.

Every change that alters history is covered: a backdated flow and its void, a replaced
and a deleted snapshot, a corrected opening equity and inception. A change after every
issued period marks nothing and draws no statement at all.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from equity.errors import ValidationError
from equity.reads.statement import statement_for
from equity.services import restatement
from equity.services.approvals import approve_pending, propose_cash_flow
from equity.services.cash_flows import FlowRequest, record_cash_flow, void_cash_flow
from equity.services.imports import FlowRow, import_cash_flows, import_snapshots_csv
from equity.services.lifecycle import correct_portfolio
from equity.services.snapshots import SnapshotInput, delete_snapshot, upsert_snapshots
from equity.services.statements import issue_statement, list_statements, restated_count
from equity.storage.models import AuditEntry
from tests.engine.four_eyes_support import clear_users, grant, set_four_eyes
from tests.engine.issued_support import CLIENT, JANUARY, seed_client


@pytest.fixture
def issued(db):
    seed_client(db)
    issue_statement(db, CLIENT, *JANUARY)
    return db


def _january(db):
    [statement] = [s for s in list_statements(db, CLIENT) if (s.start, s.end) == JANUARY]
    return statement


def _moved(db) -> dict[str, tuple]:
    return {d.figure: (d.issued, d.now) for d in _january(db).differences}


def _status_audit(db) -> list[tuple[str, str]]:
    with db.read() as session:
        return list(
            session.execute(
                select(AuditEntry.action, AuditEntry.details)
                .where(AuditEntry.action.in_(("statement.restated", "statement.current")))
                .order_by(AuditEntry.id)
            ).all()
        )


def test_a_backdated_deposit_inside_the_month_restates_it_with_its_differences(issued):
    before = statement_for(issued, CLIENT, *JANUARY)
    record_cash_flow(issued, FlowRequest(CLIENT, date(2025, 1, 15), "deposit", Decimal("10000")))
    now = statement_for(issued, CLIENT, *JANUARY)
    moved = _moved(issued)
    assert _january(issued).status == "restated"
    assert moved["deposits"] == ("0.00", "10000.00")
    assert moved["closing_equity"] == (
        f"{before.closing_equity:.2f}",
        f"{before.closing_equity + 10000:.2f}",
    )
    assert moved["twr"] == (before.twr.value, now.twr.value)
    assert "mwr" in moved and "twr_since_inception" in moved
    # What the deposit does not move is not listed.
    assert "opening_equity" not in moved and "pnl" not in moved and "withdrawals" not in moved
    assert restated_count(issued) == 1
    [(action, details)] = _status_audit(issued)
    assert action == "statement.restated"
    assert "deposits 0.00 -> 10000.00" in details


def test_a_flow_in_a_later_month_restates_nothing_and_draws_no_statement(issued, monkeypatch):
    drawn = []
    real = restatement.statement_in
    monkeypatch.setattr(restatement, "statement_in", lambda *a: drawn.append(a) or real(*a))
    record_cash_flow(issued, FlowRequest(CLIENT, date(2025, 2, 3), "deposit", Decimal("10000")))
    assert drawn == []
    assert _january(issued).status == "current"
    assert _status_audit(issued) == []
    assert restated_count(issued) == 0


def test_a_void_that_undoes_the_deposit_returns_it_to_current(issued):
    flow = record_cash_flow(
        issued, FlowRequest(CLIENT, date(2025, 1, 18), "deposit", Decimal("2500.55"))
    )  # a Saturday: a carried-forward day is made, then removed by the void
    assert _january(issued).status == "restated"
    void_cash_flow(issued, flow.flow_id, "booked in the wrong portfolio")
    back = _january(issued)
    assert (back.status, back.differences) == ("current", ())
    assert back.status_changed_at is not None
    assert [action for action, _ in _status_audit(issued)] == [
        "statement.restated",
        "statement.current",
    ]
    assert restated_count(issued) == 0


def test_a_replaced_snapshot_restates(issued):
    upsert_snapshots(issued, CLIENT, [SnapshotInput(date(2025, 1, 10), Decimal("-12345.67"))])
    moved = _moved(issued)
    assert {"pnl", "closing_equity", "twr"} <= set(moved)
    assert "deposits" not in moved


def test_a_deleted_snapshot_restates(issued):
    delete_snapshot(issued, CLIENT, date(2025, 1, 31))
    assert _january(issued).status == "restated"
    assert "closing_equity" in _moved(issued)


def test_an_opening_equity_correction_restates(issued):
    correct_portfolio(issued, CLIENT, opening_equity=Decimal("1200000"))
    moved = _moved(issued)
    assert moved["opening_equity"] == ("1000000.00", "1200000.00")
    assert [action for action, _ in _status_audit(issued)] == ["statement.restated"]


def test_an_inception_correction_is_checked_from_the_earlier_date(issued, monkeypatch):
    seen = []
    real = restatement.check_restatements
    monkeypatch.setattr(
        restatement,
        "check_restatements",
        lambda session, db, changed: seen.append(dict(changed)) or real(session, db, changed),
    )
    correct_portfolio(issued, CLIENT, inception=date(2024, 12, 1))
    [changed] = seen
    assert list(changed.values()) == [date(2024, 12, 1)]


def test_a_reissued_period_checks_only_its_latest_version(issued):
    record_cash_flow(issued, FlowRequest(CLIENT, date(2025, 1, 15), "deposit", Decimal("10000")))
    second = issue_statement(issued, CLIENT, *JANUARY)
    assert (second.version, second.status) == (2, "current")
    assert restated_count(issued) == 0  # the restated version 1 has been replaced
    record_cash_flow(issued, FlowRequest(CLIENT, date(2025, 1, 16), "deposit", Decimal("1")))
    statuses = {s.version: s.status for s in list_statements(issued, CLIENT)}
    assert statuses == {1: "restated", 2: "restated"}
    assert restated_count(issued) == 1


def test_a_refused_change_marks_nothing(issued):
    with pytest.raises(ValidationError, match="negative"):
        record_cash_flow(
            issued, FlowRequest(CLIENT, date(2025, 1, 15), "withdrawal", Decimal("99000000"))
        )
    assert _january(issued).status == "current"
    assert _status_audit(issued) == []


def test_a_snapshot_csv_import_and_a_flow_import_restate(issued):
    import_snapshots_csv(issued, CLIENT, "snapshot_date,daily_pnl\n2025-01-09,777.77\n")
    assert "pnl" in _moved(issued)
    second = seed_client(issued, "Second Fund")
    issue_statement(issued, second, *JANUARY)
    import_cash_flows(issued, second, [FlowRow(date(2025, 1, 20), "deposit", Decimal("9"), None)])
    [listed] = list_statements(issued, second)
    assert {d.figure for d in listed.differences} >= {"deposits", "closing_equity"}


def test_a_four_eyes_approval_restates_when_it_lands_not_when_proposed(issued):
    checker = "bob@example.com"
    grant(issued, checker, "manager", CLIENT)
    try:
        set_four_eyes(issued, CLIENT)
        maker = issued.as_signed_in("ann@example.com")
        grant(issued, "ann@example.com", "manager", CLIENT)
        pending = propose_cash_flow(
            maker, FlowRequest(CLIENT, date(2025, 1, 21), "withdrawal", Decimal("300"))
        )
        assert _january(issued).status == "current"
        approve_pending(issued.as_signed_in(checker), pending.id)
        assert _moved(issued)["withdrawals"] == ("0.00", "300.00")
    finally:
        clear_users(issued)
