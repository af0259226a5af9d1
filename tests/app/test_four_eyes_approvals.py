"""Four-eyes on the Cash flows page: a manager proposes, a different manager decides.

Alpha is a four-eyes portfolio: opening equity 1,000,000.00 on 2025-01-01 and three days
of P&L. Maker and checker are managers of it; the viewer reads it. Every scenario runs on
SQLite and on PostgreSQL.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from equity.services.approvals import list_pending, propose_cash_flow
from equity.services.cash_flows import FlowRequest, list_cash_flows, record_cash_flow
from equity.storage.database import Database
from equity.storage.models import PendingFlow, Portfolio
from tests.app.screen import assert_no_exception, shown, texts
from tests.app.signed_in import app_as, grant, point_app_at
from tests.support import D, add_days, equity_by_date, new_portfolio

PAGE = "pages/cash_flows.py"
ALPHA = "Alpha"
MAKER, CHECKER, VIEWER = "maker@firm.example", "checker@firm.example", "viewer@firm.example"
FLOW_DATE = date(2025, 1, 3)
#: Equity by day before any flow: 1,000,000.00 then +100.00, +200.00, -50.00.
BOOKS = {
    "2025-01-02": D("1000100.00"),
    "2025-01-03": D("1000300.00"),
    "2025-01-06": D("1000250.00"),
}


@pytest.fixture
def app_db(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    """Alpha with four-eyes on, its two managers and a viewer; the app reads this database."""
    point_app_at(db, monkeypatch)
    new_portfolio(db, ALPHA, opening="1000000", inception="2025-01-01")
    add_days(db, ALPHA, ("2025-01-02", "100.00"), ("2025-01-03", "200.00"), ("2025-01-06", "-50"))
    with db.unit_of_work() as uow:
        uow.session.execute(update(Portfolio).values(four_eyes=True))
        uow.commit()
    grant(db, MAKER, "manager", [ALPHA])
    grant(db, CHECKER, "manager", [ALPHA])
    grant(db, VIEWER, "viewer", [ALPHA])
    return db


def fill(at, *, amount: str, when: date = FLOW_DATE, notes: str = "", kind: str = "Deposit"):
    """Type into the cash-flow form and press Record (the preview)."""
    at.radio(key="flow_kind").set_value(kind)
    at.text_input(key="flow_amount").input(amount)
    at.date_input(key="flow_date").set_value(when)
    at.text_input(key="flow_notes").input(notes)
    at.button(key="FormSubmitter:cash_flow_form-Record").click()
    return at.run()


def propose(db: Database, amount: str, notes: str | None = "Capital call", by: str = MAKER):
    """The maker's proposal, made through the service as the page would make it."""
    request = FlowRequest(ALPHA, FLOW_DATE, "deposit", D(amount), notes)
    return propose_cash_flow(db.as_signed_in(by), request)


def decided(db: Database, pending_id) -> tuple[str, str | None, str | None]:
    """The proposal's status, who decided it and why (the rejection's reason)."""
    with db.read() as session:
        row = session.execute(select(PendingFlow).where(PendingFlow.id == pending_id)).scalar_one()
        return row.status, row.decided_by, row.decision_note


def has_button(at, key: str) -> bool:
    return any(button.key == key for button in at.button)


def test_a_maker_proposes_a_deposit_and_equity_does_not_move(app_db):
    at = fill(app_as(MAKER, PAGE), amount="250000.00", notes="Capital call")
    assert_no_exception(at)
    assert at.button(key="flow_confirm").label == "Submit for approval"
    assert any(
        shown(m.value).startswith("**Propose the deposit** of **$250,000.00** on 2025-01-03")
        for m in at.markdown
    )
    at.button(key="flow_confirm").click().run()
    assert_no_exception(at)
    [done] = texts(at, "success")
    assert done == (
        f"Deposit of $250,000.00 on {FLOW_DATE} into {ALPHA} submitted for approval: it waits "
        "for a second person's approval, and equity has not changed."
    )
    assert equity_by_date(app_db, ALPHA) == BOOKS
    assert list_cash_flows(app_db, ALPHA) == []
    [item] = list_pending(app_db, ALPHA)
    assert (item.action, item.kind, item.amount, item.notes, item.proposed_by) == (
        "record",
        "deposit",
        D("250000.00"),
        "Capital call",
        MAKER,
    )
    # Listed under "Waiting for approval", with what approving it would do.
    assert "Waiting for approval" in [h.value for h in at.subheader]
    assert f"**Deposit** of **$250,000.00** on {FLOW_DATE} (Capital call)" in [
        shown(m.value) for m in at.markdown
    ]
    metrics = {m.label: (m.value, m.delta) for m in at.metric}
    assert metrics[f"Equity on {FLOW_DATE} if approved"] == (
        "$1,250,300.00",
        "+$250,000.00 from $1,000,300.00",
    )
    assert metrics["Current equity if approved"] == (
        "$1,250,250.00",
        "+$250,000.00 from $1,000,250.00",
    )


def test_the_maker_cannot_approve_their_own_proposal(app_db):
    item = propose(app_db, "1000.00")
    at = app_as(MAKER, PAGE)
    assert_no_exception(at)
    approve = at.button(key=f"approve_{item.id.hex}")
    assert approve.disabled
    assert "You proposed this: a different manager or admin approves it." in [
        c.value for c in at.caption
    ]
    assert at.button(key=f"reject_{item.id.hex}").label == "Withdraw"


def test_a_different_manager_approves_and_equity_moves_by_exactly_the_amount(app_db):
    item = propose(app_db, "250000.00")
    at = app_as(CHECKER, PAGE)
    approve = at.button(key=f"approve_{item.id.hex}")
    assert not approve.disabled
    assert at.button(key=f"reject_{item.id.hex}").label == "Reject"
    approve.click().run()
    assert_no_exception(at)
    assert texts(at, "success") == [
        f"Approved the deposit of $250,000.00 on {FLOW_DATE} proposed by {MAKER}. "
        "Equity now $1,250,250.00."
    ]
    moved = {
        day: equity + (D("250000.00") if day >= "2025-01-03" else 0)
        for day, equity in BOOKS.items()
    }
    assert equity_by_date(app_db, ALPHA) == moved
    [flow] = list_cash_flows(app_db, ALPHA)
    assert (flow.flow_date, flow.kind, flow.amount, flow.created_by) == (
        FLOW_DATE,
        "deposit",
        D("250000.00"),
        MAKER,
    )
    assert list_pending(app_db, ALPHA) == []
    assert decided(app_db, item.id) == ("approved", CHECKER, None)
    assert not has_button(at, f"approve_{item.id.hex}")  # decided: nothing left to click


def test_two_checkers_at_once_apply_the_flow_once_and_the_second_is_told(app_db):
    item = propose(app_db, "5000.00")
    grant(app_db, "admin@firm.example", "admin")
    first, second = app_as(CHECKER, PAGE), app_as("admin@firm.example", PAGE)
    first.button(key=f"approve_{item.id.hex}").click().run()
    second.button(key=f"approve_{item.id.hex}").click().run()  # drawn before the first
    assert_no_exception(second)
    [error] = texts(second, "error")
    assert f"already approved by {CHECKER}" in error
    assert len(list_cash_flows(app_db, ALPHA)) == 1
    assert equity_by_date(app_db, ALPHA)["2025-01-06"] == BOOKS["2025-01-06"] + D("5000.00")


def test_a_rejection_needs_a_reason_then_leaves_equity_untouched(app_db):
    item = propose(app_db, "7500.00")
    at = app_as(CHECKER, PAGE)
    at.button(key=f"reject_{item.id.hex}").click().run()
    assert_no_exception(at)
    [error] = texts(at, "error")
    assert error.startswith("Reason: ")
    assert [p.id for p in list_pending(app_db, ALPHA)] == [item.id]
    at.text_input(key=f"reason_{item.id.hex}").input("Wrong fund: this belongs to Beta")
    at.button(key=f"reject_{item.id.hex}").click().run()
    assert_no_exception(at)
    assert texts(at, "success") == [
        f"Rejected the deposit of $7,500.00 on {FLOW_DATE} proposed by {MAKER}, because: "
        "Wrong fund: this belongs to Beta. Equity has not changed."
    ]
    assert decided(app_db, item.id) == ("rejected", CHECKER, "Wrong fund: this belongs to Beta")
    assert equity_by_date(app_db, ALPHA) == BOOKS
    assert list_cash_flows(app_db, ALPHA) == []


def test_the_maker_withdraws_their_proposal(app_db):
    item = propose(app_db, "300.00")
    at = app_as(MAKER, PAGE)
    at.text_input(key=f"reason_{item.id.hex}").input("Typed the wrong amount")
    at.button(key=f"reject_{item.id.hex}").click().run()
    assert_no_exception(at)
    [done] = texts(at, "success")
    assert done.startswith("Withdrawn the deposit of $300.00")
    assert decided(app_db, item.id) == ("rejected", MAKER, "Typed the wrong amount")
    assert list_pending(app_db, ALPHA) == [] and equity_by_date(app_db, ALPHA) == BOOKS


def test_a_void_is_proposed_then_approved_by_a_second_person(app_db):
    flow = record_cash_flow(app_db, FlowRequest(ALPHA, FLOW_DATE, "deposit", D("900.00"), "x"))
    after_deposit = equity_by_date(app_db, ALPHA)
    at = app_as(MAKER, PAGE)
    at.session_state["ledger_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()  # the ledger's one row selected: the void dialog opens
    at.text_input(key="void_reason").input("Wire returned")
    at.button(key="FormSubmitter:void_form-Preview void").click().run()
    assert at.button(key="void_confirm").label == "Submit void for approval"
    at.button(key="void_confirm").click().run()
    assert_no_exception(at)
    assert equity_by_date(app_db, ALPHA) == after_deposit  # still live
    [item] = list_pending(app_db, ALPHA)
    assert (item.action, item.flow_id, item.reason) == ("void", flow.flow_id, "Wire returned")
    at.run()  # the next look at the page
    assert list(at.dataframe[0].value["Status"]) == ["Live, void awaiting approval"]
    checker = app_as(CHECKER, PAGE)
    checker.button(key=f"approve_{item.id.hex}").click().run()
    assert_no_exception(checker)
    assert equity_by_date(app_db, ALPHA) == BOOKS
    [voided] = list_cash_flows(app_db, ALPHA)
    assert (voided.voided, voided.void_reason) == (True, "Wire returned")


def test_a_viewer_sees_the_ledger_and_proposals_but_nothing_to_write_with(app_db):
    item = propose(app_db, "1000.00")
    record_cash_flow(app_db, FlowRequest(ALPHA, FLOW_DATE, "withdrawal", D("10.00"), None))
    at = app_as(VIEWER, PAGE)
    assert_no_exception(at)
    # Only the ledger's own filter: no form, no reason to type, nothing to pick.
    assert [t.key for t in at.text_input] == ["ledger_search"]
    assert not at.radio and not at.date_input and not at.main.selectbox
    assert not at.main.button  # no Record, no void, no Approve / Reject
    assert "Waiting for approval" in [h.value for h in at.subheader]
    assert any("**Deposit** of **$1,000.00**" in shown(m.value) for m in at.markdown)
    assert len(at.dataframe) == 1  # the ledger
    assert texts(at, "info")[0].startswith("You can read this portfolio's ledger")
    assert not has_button(at, f"approve_{item.id.hex}")


def test_proposal_text_shows_literally(app_db):
    notes = "**bold** :red[red] $$x$$ [link](http://evil.example/)"
    propose(app_db, "12.34", notes=notes)
    at = app_as(CHECKER, PAGE)
    assert_no_exception(at)
    [what] = [m.value for m in at.markdown if "12" in m.value and "Deposit" in m.value]
    assert shown(what) == f"**Deposit** of **$12.34** on {FLOW_DATE} ({notes})"
    assert "**bold**" not in what


def test_the_dashboard_counts_the_flows_awaiting_approval(app_db):
    at = app_as(CHECKER)
    assert_no_exception(at)
    assert not at.page_link
    propose(app_db, "100.00")
    propose(app_db, "200.00", notes="second")
    at = app_as(CHECKER)
    assert_no_exception(at)
    assert any("2 flows await approval" in m.value for m in at.markdown)
    [link] = at.page_link
    assert (link.label, link.proto.query_string) == ("Review on Cash flows", "portfolio=Alpha")
    assert "cash_flows" in link.proto.page
