"""Proposals whose approval would now be refused, the operator as second person, and
portfolios without four-eyes: each decided on screen in words, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from equity.services.approvals import list_pending, propose_cash_flow, propose_void
from equity.services.cash_flows import FlowRequest, list_cash_flows, record_cash_flow
from equity.storage.database import Database
from equity.storage.models import Portfolio
from equity_app.literal import code
from tests.app.conftest import APP, TIMEOUT
from tests.app.screen import assert_no_exception, shown, texts
from tests.app.signed_in import app_as, grant, point_app_at
from tests.app.test_four_eyes_approvals import ALPHA, BOOKS, CHECKER, MAKER, PAGE, fill, propose
from tests.support import D, add_days, equity_by_date, new_portfolio


@pytest.fixture
def app_db(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    """Alpha (four-eyes) as in test_four_eyes_approvals: 1,000,250.00 on 2025-01-06."""
    point_app_at(db, monkeypatch)
    new_portfolio(db, ALPHA, opening="1000000", inception="2025-01-01")
    add_days(db, ALPHA, ("2025-01-02", "100.00"), ("2025-01-03", "200.00"), ("2025-01-06", "-50"))
    four_eyes(db, True)
    grant(db, MAKER, "manager", [ALPHA])
    grant(db, CHECKER, "manager", [ALPHA])
    return db


def four_eyes(db: Database, on: bool) -> None:
    with db.unit_of_work() as uow:
        uow.session.execute(update(Portfolio).values(four_eyes=on))
        uow.commit()


def test_a_withdrawal_that_would_now_make_equity_negative_is_flagged_and_refused(app_db):
    """Proposed when it fitted; a direct withdrawal since then means it no longer does."""
    withdrawal = FlowRequest(ALPHA, date(2025, 1, 6), "withdrawal", D("900000.00"), "Redemption")
    item = propose_cash_flow(app_db.as_signed_in(MAKER), withdrawal)
    record_cash_flow(app_db, FlowRequest(ALPHA, date(2025, 1, 3), "withdrawal", D("500000.00")))
    after_direct = equity_by_date(app_db, ALPHA)
    at = app_as(CHECKER, PAGE)
    assert_no_exception(at)
    [warning] = texts(at, "warning")
    assert warning.startswith("Approving it now would be refused: Amount: withdrawal of ")
    assert "900,000.00 would make equity negative on 2025-01-06" in warning
    at.button(key=f"approve_{item.id.hex}").click().run()
    assert_no_exception(at)
    [error] = texts(at, "error")
    assert error.startswith("Amount: withdrawal of ")
    assert "900,000.00 would make equity negative on 2025-01-06" in error
    assert equity_by_date(app_db, ALPHA) == after_direct
    assert [p.id for p in list_pending(app_db, ALPHA)] == [item.id]  # still waiting


def test_the_local_operator_approves_a_managers_proposal(app_db):
    """Local mode: the operator is a second person; the ledger keeps the maker as author."""
    item = propose(app_db, "640.00", notes="Local approval")
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    at.switch_page(PAGE).run()
    assert_no_exception(at)
    at.button(key=f"approve_{item.id.hex}").click().run()
    assert_no_exception(at)
    [done] = texts(at, "success")
    assert done.startswith(f"Approved the deposit of $640.00 on 2025-01-03 proposed by {MAKER}.")
    [flow] = list_cash_flows(app_db, ALPHA)
    assert (flow.amount, flow.notes, flow.created_by) == (D("640.00"), "Local approval", MAKER)
    assert equity_by_date(app_db, ALPHA)["2025-01-06"] == BOOKS["2025-01-06"] + D("640.00")


def test_without_four_eyes_a_manager_confirms_and_the_flow_is_recorded_at_once(app_db):
    four_eyes(app_db, False)
    at = fill(app_as(MAKER, PAGE), amount="150.00", notes="Direct")
    assert at.button(key="flow_confirm").label == "Confirm"
    at.button(key="flow_confirm").click().run()
    assert_no_exception(at)
    [flow] = list_cash_flows(app_db, ALPHA)
    assert (flow.amount, flow.created_by) == (D("150.00"), MAKER)
    assert list_pending(app_db, ALPHA) == []
    assert "Waiting for approval" not in [h.value for h in at.subheader]


def test_a_void_reason_and_a_proposers_email_show_literally(app_db):
    flow = record_cash_flow(app_db, FlowRequest(ALPHA, date(2025, 1, 2), "deposit", D("50.00")))
    odd = "odd_*name*@firm.example"
    grant(app_db, odd, "manager", [ALPHA])
    reason = "**not bold** <b>x</b> :red[no] see www.evil.example"
    propose_void(app_db.as_signed_in(odd), flow.flow_id, reason)
    at = app_as(CHECKER, PAGE)
    assert_no_exception(at)
    [what] = [m.value for m in at.markdown if "Void" in m.value]
    assert shown(what) == f"**Void** the deposit of **$50.00** on 2025-01-02, because: {reason}"
    assert any(c.value.startswith(f"Proposed by {code(odd)} at ") for c in at.caption)


def test_a_decisions_message_stays_with_its_portfolio(app_db):
    new_portfolio(app_db, "Beta", opening="500000", inception="2025-01-01")
    grant(app_db, "both@firm.example", "manager")
    item = propose(app_db, "75.00")
    at = app_as("both@firm.example", PAGE, portfolio=ALPHA)
    at.button(key=f"approve_{item.id.hex}").click().run()
    assert texts(at, "success")[0].startswith("Approved the deposit of $75.00")
    at.sidebar.selectbox[0].set_value("Beta").run()
    assert_no_exception(at)
    assert not texts(at, "success")
    assert "Waiting for approval" not in [h.value for h in at.subheader]
